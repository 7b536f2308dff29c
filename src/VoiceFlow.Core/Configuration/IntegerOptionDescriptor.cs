using System.Globalization;
using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>A whole-number option with an inclusive range.</summary>
public sealed class IntegerOptionDescriptor : OptionDescriptor<int>
{
    internal IntegerOptionDescriptor(string propertyName, string section, string description,
        Func<VoiceFlowOptions, int> get, Func<VoiceFlowOptions, int, VoiceFlowOptions> set, int minimum, int maximum)
        : base(propertyName, section, description, get, set)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>Smallest allowed value.</summary>
    public int Minimum { get; }

    /// <summary>Largest allowed value.</summary>
    public int Maximum { get; }

    public override string TypeName => "integer";

    public override string Allowed => string.Create(CultureInfo.InvariantCulture, $"integer {Minimum}..{Maximum}");

    internal override bool TryParseText(string text, out object? value, out string problem)
    {
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
        {
            value = null;
            problem = "is not an integer";
            return false;
        }

        return CheckRange(parsed, out value, out problem);
    }

    internal override bool TryParseJson(JsonElement element, out object? value, out string problem)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            value = null;
            problem = $"is {JsonKindName(element)}, not an integer";
            return false;
        }

        if (!element.TryGetInt64(out long parsed))
        {
            value = null;
            problem = element.TryGetDouble(out double d) && Math.Abs(d) < 1e18 ? "is not an integer" : "is out of range";
            return false;
        }

        return CheckRange(parsed, out value, out problem);
    }

    private bool CheckRange(long parsed, out object? value, out string problem)
    {
        bool ok = parsed >= Minimum && parsed <= Maximum;
        value = ok ? (int)parsed : null;
        problem = ok ? "" : "is out of range";
        return ok;
    }
}
