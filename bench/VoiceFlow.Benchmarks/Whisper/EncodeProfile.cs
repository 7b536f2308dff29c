using System.Diagnostics;
using System.Globalization;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// Where one encoder window's time goes (conv stem, norms and residuals, attention projections, attention, its output
/// product, MLP, the cross-attention keys and values): ms per window, median window of the timed ones after two
/// warm-up windows. Printed by <c>whisper-profile</c> before the decoder table.
/// </summary>
internal static class EncodeProfile
{
    public static void Print(WhisperModel model, MelSpectrogram mel, int windows, int threads)
    {
        for (int i = 0; i < 2; i++)
        {
            model.Encode(mel, 0, threads).Dispose();
        }

        var stages = Enum.GetValues<EncoderStage>();
        var perWindow = new List<(double Total, double[] Stages)>();
        for (int i = 0; i < windows; i++)
        {
            var times = new EncoderStageTimes();
            model.EncoderStageTimes = times;
            var sw = Stopwatch.StartNew();
            model.Encode(mel, 0, threads).Dispose();
            double total = sw.Elapsed.TotalMilliseconds;
            model.EncoderStageTimes = null;
            perWindow.Add((total, [.. stages.Select(times.Milliseconds)]));
        }

        var median = perWindow.OrderBy(w => w.Total).ElementAt(perWindow.Count / 2);
        Console.WriteLine($"encoder, ms per window (median of {windows} windows by total, after 2 warm-up windows)");
        Console.WriteLine();
        Console.WriteLine($"| {string.Join(" | ", stages)} | total |");
        Console.WriteLine($"|{string.Concat(Enumerable.Repeat("---|", stages.Length + 1))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {string.Join(" | ", median.Stages.Select(ms => ms.ToString("F1", CultureInfo.InvariantCulture)))} | {median.Total:F1} |"));
        Console.WriteLine();
    }
}
