using System.Globalization;

namespace VoiceFlow.Soak;

/// <summary>Memory and speed at one checkpoint of a soak run.</summary>
public sealed record SoakCheckpoint(int Dictations, long RssBytes, long ManagedHeapBytes, double MeanSpeedFactor)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Dictations,7} dictations  RSS {RssBytes / 1048576.0,7:F1} MB  managed heap {ManagedHeapBytes / 1048576.0,6:F1} MB  speed {MeanSpeedFactor,6:F1}x realtime");
}

/// <summary>What a soak run measured and whether it met the targets.</summary>
public sealed class SoakReport
{
    /// <summary>Largest RSS growth allowed from the first checkpoint (after warm-up) to the last.</summary>
    public const long MaxRssGrowthBytes = 5L << 20;

    /// <summary>The last checkpoint's speed may be this much below the first's (a busy machine is noisy).</summary>
    public const double MaxSpeedDrop = 0.25;

    public List<SoakCheckpoint> Checkpoints { get; } = [];

    /// <summary>Transcripts holding a word of the previous transcript that their own reference and first transcript lack.</summary>
    public List<string> Bleeds { get; } = [];

    /// <summary>Silences that produced text.</summary>
    public List<string> TextFromSilence { get; } = [];

    /// <summary>Speech transcripts that differ from the first transcript of the same audio (informational: state carried over).</summary>
    public int ChangedTranscripts { get; set; }

    public int Dictations { get; set; }

    public long RssGrowthBytes => Checkpoints.Count < 2 ? 0 : Checkpoints[^1].RssBytes - Checkpoints[0].RssBytes;

    public double SpeedRatio => Checkpoints.Count < 2 || Checkpoints[0].MeanSpeedFactor == 0 ? 1 : Checkpoints[^1].MeanSpeedFactor / Checkpoints[0].MeanSpeedFactor;

    public bool MemoryFlat => RssGrowthBytes < MaxRssGrowthBytes;

    public bool SpeedFlat => SpeedRatio >= 1 - MaxSpeedDrop;

    public bool Passed => MemoryFlat && SpeedFlat && Bleeds.Count == 0 && TextFromSilence.Count == 0;

    public IEnumerable<string> Summary()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"dictations: {Dictations}");
        yield return string.Create(c, $"RSS growth after warm-up: {RssGrowthBytes / 1048576.0:F2} MB (target < {MaxRssGrowthBytes >> 20} MB): {Verdict(MemoryFlat)}");
        yield return string.Create(c, $"speed factor last/first checkpoint: {SpeedRatio:F2} (target >= {1 - MaxSpeedDrop:F2}): {Verdict(SpeedFlat)}");
        yield return string.Create(c, $"bleed (words from the previous transcript): {Bleeds.Count}: {Verdict(Bleeds.Count == 0)}");
        yield return string.Create(c, $"text from silence: {TextFromSilence.Count}: {Verdict(TextFromSilence.Count == 0)}");
        yield return string.Create(c, $"speech transcripts differing from the first of the same audio: {ChangedTranscripts} (informational)");
        foreach (string bleed in Bleeds.Take(10))
            yield return "  bleed: " + bleed;
        foreach (string text in TextFromSilence.Take(10))
            yield return "  from silence: " + text;
    }

    private static string Verdict(bool ok) => ok ? "ok" : "FAILED";
}
