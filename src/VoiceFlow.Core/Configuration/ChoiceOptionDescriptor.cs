using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>An option taking one of a fixed set of names (matched ignoring case, stored in the listed spelling).</summary>
public sealed class ChoiceOptionDescriptor : OptionDescriptor<string?>
{
    internal ChoiceOptionDescriptor(string propertyName, string section, string description,
        Func<VoiceFlowOptions, string?> get, Func<VoiceFlowOptions, string?, VoiceFlowOptions> set,
        bool nullable, params string[] choices)
        : base(propertyName, section, description, get, set)
    {
        IsNullable = nullable;
        Choices = choices;
    }

    /// <summary>The allowed names.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>Whether the option may be unset (JSON null, or an empty environment variable or flag value).</summary>
    public bool IsNullable { get; }

    public override string TypeName => "choice";

    public override string Allowed => $"one of: {string.Join(", ", Choices)}{(IsNullable ? ", or null" : "")}";

    internal override bool TryParseText(string text, out object? value, out string problem) =>
        Check(text.Length == 0 && IsNullable ? null : text.Trim(), out value, out problem);

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
        if (text is null)
        {
            value = null;
            problem = IsNullable ? "" : "must not be null";
            return IsNullable;
        }

        value = Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        problem = value is null ? "is not allowed" : "";
        return value is not null;
    }
}
