using VoiceFlow.Core.Engines;
using VoiceFlow.Core.PostProcessing;

namespace VoiceFlow.Core.Transcription;

/// <summary>What one job asks for beyond the service's configuration.</summary>
public sealed record TranscriptionJobOptions
{
    /// <summary>Options handed to the engine's processor (language, prompt, beam...).</summary>
    public TranscriptionOptions Engine { get; init; } = new();

    /// <summary>Clean-up steps applied to the text.</summary>
    public PostProcessingOptions PostProcessing { get; init; } = new();

    /// <summary>
    /// True for the engine's output exactly as it came (<c>transcribe --raw</c>): the hallucination filter does not run
    /// either, whatever hallucination_filter says.
    /// </summary>
    public bool Unfiltered { get; init; }

    /// <summary>Name used in results and errors for in-memory audio.</summary>
    public string SourceName { get; init; } = "audio";

    /// <summary>Reports the fraction of speech recognised so far, 0 to 1 (for progress bars on long files).</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>
    /// Called with each segment as the engine produces it (times from the start of the job's audio), before the
    /// hallucination filter and clean-up: a preview for responses that stream text while the job runs. Called on the
    /// decoding thread, in order; it must not block.
    /// </summary>
    public Action<Engines.Segment>? SegmentDecoded { get; init; }

    /// <summary>
    /// True when the caller's own VAD already cut the audio to one utterance (live transcription): the service takes
    /// it as one speech region and does not run its VAD again. An empty or silent input then still reaches the engine.
    /// </summary>
    public bool AlreadySegmented { get; init; }
}
