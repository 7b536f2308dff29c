using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceFlow.Evaluation.Benchmarking;

/// <summary>Writes a <see cref="BenchReport"/> as JSON and as an SVG bar chart.</summary>
public static class BenchReportWriter
{
    private static readonly BenchJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    });

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, Json.BenchReport);

    public static BenchReport? FromJson(string json) => JsonSerializer.Deserialize(json, Json.BenchReport);

    /// <summary>Two panels of horizontal bars: median speed factor with one caller, and throughput with several.</summary>
    public static string ToSvg(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        const int barHeight = 22, gap = 8, labelWidth = 150, chartWidth = 420, panelGap = 40, top = 50;
        var configurations = report.Configurations;
        int panelHeight = configurations.Count * (barHeight + gap);
        bool concurrent = report.Concurrency > 1;
        int height = top + panelHeight + (concurrent ? panelGap + 20 + panelHeight : 0) + 40;
        int width = labelWidth + chartWidth + 120;
        var svg = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.Append(c, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(c, $"<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{Escape($"VoiceFlow bench: {report.Engine}, {report.Items} items, {report.AudioSeconds:0.#} s of speech, {report.Runs} runs")}</text>\n");
        Panel(svg, "Median speed factor, one caller (x realtime)", configurations.Select(s => s.MedianSpeedFactor).ToList(), s => s.MedianImprovementPercent, top);
        if (concurrent)
        {
            Panel(svg, $"Throughput with {report.Concurrency} callers (audio s / wall s)", configurations.Select(s => s.ConcurrentThroughput).ToList(), s => s.ConcurrentImprovementPercent, top + panelHeight + panelGap + 20);
        }

        svg.Append("</svg>\n");
        return svg.ToString();

        void Panel(StringBuilder output, string title, List<double> values, Func<ConfigurationStats, double> improvement, int y0)
        {
            double max = Math.Max(values.DefaultIfEmpty(1).Max(), 1e-9);
            output.Append(c, $"<text x=\"10\" y=\"{y0 - 8}\" font-weight=\"bold\">{Escape(title)}</text>\n");
            for (int i = 0; i < configurations.Count; i++)
            {
                int y = y0 + (i * (barHeight + gap));
                double w = values[i] / max * chartWidth;
                string colour = i == 0 ? "#888888" : "#3b7dd8";
                output.Append(c, $"<text x=\"10\" y=\"{y + 16}\">{Escape(configurations[i].Name)}</text>\n");
                output.Append(c, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w:0.0}\" height=\"{barHeight}\" fill=\"{colour}\"/>\n");
                string label = i == 0 ? $"{values[i]:0.00}" : $"{values[i]:0.00} ({improvement(configurations[i]):+0.0;-0.0;0.0}%)";
                output.Append(c, $"<text x=\"{labelWidth + w + 6:0.0}\" y=\"{y + 16}\">{Escape(label)}</text>\n");
            }
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}

[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
