using System.Globalization;
using System.Text.Json;

namespace VoiceFlow.Core.Configuration;

/// <summary>A finite real-number option with an inclusive range.</summary>
public sealed class NumberOptionDescriptor : OptionDescriptor<double>
{
    internal NumberOptionDescriptor(string propertyName, string section, string description,
        Func<VoiceFlowOptions, double> get, Func<VoiceFlowOptions, double, VoiceFlowOptions> set, double minimum, double maximum)
        : base(propertyName, section, description, get, set)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>Smallest allowed value.</summary>
    public double Minimum { get; }

    /// <summary>Largest allowed value.</summary>
    public double Maximum { get; }

    public override string TypeName => "number";

    public override string Allowed => $"number {FormatValue(Minimum)}..{FormatValue(Maximum)}";

    internal override bool TryParseText(string text, out object? value, out string problem)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !double.IsFinite(parsed))
        {
            value = null;
            problem = "is not a number";
            return false;
        }

        return CheckRange(parsed, out value, out problem);
    }

    internal override bool TryParseJson(JsonElement element, out object? value, out string problem)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double parsed) || !double.IsFinite(parsed))
        {
            value = null;
            problem = element.ValueKind == JsonValueKind.Number ? "is out of range" : $"is {JsonKindName(element)}, not a number";
            return false;
        }

        return CheckRange(parsed, out value, out problem);
    }

    private bool CheckRange(double parsed, out object? value, out string problem)
    {
        bool ok = parsed >= Minimum && parsed <= Maximum;
        value = ok ? parsed : null;
        problem = ok ? "" : "is out of range";
        return ok;
    }
}
