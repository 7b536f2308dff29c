using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Validation;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Transcription;

/// <summary>
/// What the windows of one job found so far (a long file is recognised window by window): segments and speech regions
/// with times relative to the whole input, the combined validation report and the time spent per stage.
/// </summary>
internal sealed class JobTranscript
{
    private readonly List<Segment> _raw = [];
    private readonly List<Segment> _kept = [];
    private readonly List<(long Start, long End)> _regions = [];
    private readonly List<FilteredText> _removed = [];
    private bool _validated;

    /// <summary>Time per stage, summed over the windows (a field, so stopwatches can add to it by reference).</summary>
    public StageTimings Stages;

    /// <summary>The engine's segments before the hallucination filter.</summary>
    public IReadOnlyList<Segment> RawSegments => _raw;

    /// <summary>The segments the hallucination filter kept (all of them when it is off).</summary>
    public IReadOnlyList<Segment> Segments => _kept;

    /// <summary>Where the VAD heard speech.</summary>
    public IReadOnlyList<(long Start, long End)> SpeechRegions => _regions;

    /// <summary>What the hallucination filter removed.</summary>
    public IReadOnlyList<FilteredText> Removed => _removed;

    /// <summary>Adds what the filter removed from one window, shifted by the window's start.</summary>
    public void AddRemoved(IEnumerable<FilteredText> removed, long offset)
    {
        var shift = AudioFormat.DurationOf(offset);
        _removed.AddRange(removed.Select(r => r with { Start = r.Start + shift, End = r.End + shift }));
    }

    /// <summary>Validation findings and repairs of every window.</summary>
    public AudioValidationReport Validation { get; private set; }

    /// <summary>Adds one window's validation report.</summary>
    public void AddValidation(AudioValidationReport report)
    {
        Validation = _validated ? Combine(Validation, report) : report;
        _validated = true;
    }

    /// <summary>Adds one window's segments and speech chunks, shifting them by the window's start.</summary>
    public void Add(IReadOnlyList<Segment> raw, IReadOnlyList<Segment> kept, IReadOnlyList<SampleRange> chunks, long offset)
    {
        var shift = AudioFormat.DurationOf(offset);
        _raw.AddRange(raw.Select(s => s.Shift(shift)));
        _kept.AddRange(kept.Select(s => s.Shift(shift)));
        _regions.AddRange(chunks.Select(c => (c.Start + offset, c.End + offset)));
    }

    /// <summary>Two reports as one: every finding and repair, the counts summed, the weakest check.</summary>
    internal static AudioValidationReport Combine(AudioValidationReport first, AudioValidationReport second) => first with
    {
        Findings = first.Findings | second.Findings,
        Repaired = first.Repaired | second.Repaired,
        NonFiniteReplaced = first.NonFiniteReplaced + second.NonFiniteReplaced,
        SamplesClamped = first.SamplesClamped + second.SamplesClamped,
        Check = (BlockCheck)Math.Min((int)first.Check, (int)second.Check),
    };
}
