namespace VoiceFlow.Core.Streaming;

/// <summary>What a <see cref="LiveUtteranceBoundary"/> reports.</summary>
public enum LiveUtteranceBoundaryKind
{
    /// <summary>The detector heard speech begin (<see cref="LiveTranscriptionEvent.Start"/> includes the padding before it).</summary>
    Started,

    /// <summary>The utterance ended (a pause, the maximum length, or the end of the stream); its final follows.</summary>
    Ended,

    /// <summary>The utterance's transcription has no text: no final follows for it.</summary>
    NoText,

    /// <summary>The utterance was dropped before it ended (<see cref="LiveTranscriber.DiscardUtterance"/>): nothing more follows for it.</summary>
    Discarded,
}

/// <summary>
/// Where an utterance starts and ends, and that it produced no text; only with
/// <see cref="LiveTranscriberOptions.ReportUtteranceBoundaries"/>. For utterance n the order is Started, partials,
/// Ended, then its final or NoText (a partial may still arrive after Ended, never after the final).
/// </summary>
public sealed record LiveUtteranceBoundary(int Utterance, TimeSpan Start, TimeSpan End, LiveUtteranceBoundaryKind Kind)
    : LiveTranscriptionEvent(Utterance, Start, End, "");
