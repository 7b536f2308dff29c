using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Streaming;

/// <summary>A finished utterance, transcribed by <see cref="TranscriptionService.TranscribeAsync"/> as one job.</summary>
/// <param name="Utterance">Number of the utterance in the stream, from 0.</param>
/// <param name="Start">Start of the utterance's audio in stream time.</param>
/// <param name="End">End of the utterance's audio in stream time.</param>
/// <param name="Text">The transcript after post-processing.</param>
/// <param name="RawText">The engine's text before post-processing.</param>
/// <param name="ProcessingTime">Wall time of the transcription job.</param>
/// <param name="Result">The whole job result; its segment times are relative to <paramref name="Start"/>.</param>
public sealed record LiveFinalTranscript(int Utterance, TimeSpan Start, TimeSpan End, string Text, string RawText, TimeSpan ProcessingTime, TranscriptionResult Result)
    : LiveTranscriptionEvent(Utterance, Start, End, Text);
