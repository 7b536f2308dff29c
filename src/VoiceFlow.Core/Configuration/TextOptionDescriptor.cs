using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// A free-text option, optionally nullable (JSON <c>null</c>, or an empty environment variable or flag value,
/// means "none") and optionally checked by a rule described in <see cref="Allowed"/>.
/// </summary>
public sealed class TextOptionDescriptor : OptionDescriptor<string?>
{
    private readonly Func<string, bool>? _isValid;
    private readonly string _allowed;

    internal TextOptionDescriptor(string propertyName, string section, string description,
        Func<VoiceFlowOptions, string?> get, Func<VoiceFlowOptions, string?, VoiceFlowOptions> set,
        bool nullable, Func<string, bool>? isValid = null, string? allowed = null)
        : base(propertyName, section, description, get, set)
    {
        IsNullable = nullable;
        _isValid = isValid;
        _allowed = allowed ?? "any text";
    }

    /// <summary>Whether the option may be unset (null).</summary>
    public bool IsNullable { get; }

    public override string TypeName => "string";

    public override string Allowed => IsNullable ? $"{_allowed}, or null" : _allowed;

    internal override bool TryParseText(string text, out object? value, out string problem) =>
        Check(text.Length == 0 && IsNullable ? null : text, out value, out problem);

    internal override bool TryParseJson(JsonElement element, out object? value, out string problem)
    {
        if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            value = null;
            problem = $"is {JsonKindName(element)}, not a string";
            return false;
        }

        return Check(element.GetString(), out value, out problem);
    }

    private bool Check(string? text, out object? value, out string problem)
    {
        value = text;
        if (text is null)
        {
            problem = IsNullable ? "" : "must not be null";
            return IsNullable;
        }

        bool ok = _isValid?.Invoke(text) ?? true;
        problem = ok ? "" : "is not allowed";
        return ok;
    }
}
