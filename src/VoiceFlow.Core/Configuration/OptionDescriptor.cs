using System.Globalization;
using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// One configuration option: its key, type, default, allowed values and description. The registry of these
/// (<see cref="VoiceFlowOptionRegistry"/>) drives parsing, validation, environment variable names,
/// <c>voiceflow config show</c> and docs/configuration.md.
/// </summary>
public abstract class OptionDescriptor
{
    private protected OptionDescriptor(string propertyName, string section, string description)
    {
        PropertyName = propertyName;
        Key = JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);
        Section = section;
        Description = description;
    }

    /// <summary>The <see cref="VoiceFlowOptions"/> property this option sets.</summary>
    public string PropertyName { get; }

    /// <summary>The JSON key and <c>--set</c> key: the snake_case form of <see cref="PropertyName"/>.</summary>
    public string Key { get; }

    /// <summary>The group the option belongs to; also a JSON object name a file may nest it under.</summary>
    public string Section { get; }

    /// <summary>One sentence for users.</summary>
    public string Description { get; }

    /// <summary>The environment variable that sets this option: <c>VOICEFLOW_</c> + upper snake key.</summary>
    public string EnvironmentVariable => "VOICEFLOW_" + Key.ToUpperInvariant();

    /// <summary>Whether the rollback switch (<c>disable_optimizations</c>) forces this option off.</summary>
    public bool IsOptimization { get; init; }

    /// <summary>The type as shown to users: boolean, integer, number, string or choice.</summary>
    public abstract string TypeName { get; }

    /// <summary>The allowed values as shown in errors and docs ("true or false", "integer 1..1024", "one of: a, b").</summary>
    public abstract string Allowed { get; }

    /// <summary>The built-in default.</summary>
    public object? DefaultValue => GetValue(VoiceFlowOptionRegistry.Defaults);

    /// <summary>The value of this option in <paramref name="options"/> (boxed).</summary>
    public abstract object? GetValue(VoiceFlowOptions options);

    /// <summary>A copy of <paramref name="options"/> with this option set to an already validated value.</summary>
    internal abstract VoiceFlowOptions WithValue(VoiceFlowOptions options, object? value);

    /// <summary>Parses text from an environment variable or flag; on failure <paramref name="problem"/> says why.</summary>
    internal abstract bool TryParseText(string text, out object? value, out string problem);

    /// <summary>Parses a JSON value from a file; on failure <paramref name="problem"/> says why.</summary>
    internal abstract bool TryParseJson(JsonElement element, out object? value, out string problem);

    /// <summary>Formats a value of this option as users write it (invariant culture, <c>null</c> for none).</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    /// <summary>The JSON kind name of <paramref name="element"/> for "is a string, expected ..." messages.</summary>
    private protected static string JsonKindName(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>An option whose values are of type <typeparamref name="T"/>, read and written through accessors (no reflection).</summary>
public abstract class OptionDescriptor<T> : OptionDescriptor
{
    private readonly Func<VoiceFlowOptions, T> _get;
    private readonly Func<VoiceFlowOptions, T, VoiceFlowOptions> _set;

    private protected OptionDescriptor(string propertyName, string section, string description,
        Func<VoiceFlowOptions, T> get, Func<VoiceFlowOptions, T, VoiceFlowOptions> set)
        : base(propertyName, section, description)
    {
        _get = get;
        _set = set;
    }

    public override object? GetValue(VoiceFlowOptions options) => _get(options);

    internal override VoiceFlowOptions WithValue(VoiceFlowOptions options, object? value) => _set(options, (T)value!);
}
