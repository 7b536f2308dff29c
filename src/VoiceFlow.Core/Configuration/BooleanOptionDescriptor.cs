using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>A true/false option. Text accepts true/false, 1/0, yes/no, on/off (any case); JSON needs a boolean.</summary>
public sealed class BooleanOptionDescriptor : OptionDescriptor<bool>
{
    internal BooleanOptionDescriptor(string propertyName, string section, string description,
        Func<VoiceFlowOptions, bool> get, Func<VoiceFlowOptions, bool, VoiceFlowOptions> set)
        : base(propertyName, section, description, get, set)
    {
    }

    public override string TypeName => "boolean";

    public override string Allowed => "true or false (also 1/0, yes/no, on/off)";

    /// <summary>Reads the spellings of a boolean accepted in environment variables and flags.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "1" or "YES" or "ON":
                value = true;
                return true;
            case "FALSE" or "0" or "NO" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    internal override bool TryParseText(string text, out object? value, out string problem)
    {
        bool ok = TryParseBoolean(text, out bool parsed);
        value = parsed;
        problem = ok ? "" : "is not a boolean";
        return ok;
    }

    internal override bool TryParseJson(JsonElement element, out object? value, out string problem)
    {
        bool ok = element.ValueKind is JsonValueKind.True or JsonValueKind.False;
        value = ok && element.GetBoolean();
        problem = ok ? "" : $"is {JsonKindName(element)}, not a boolean";
        return ok;
    }
}
