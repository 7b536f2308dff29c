namespace VoiceFlow.Core.Streaming;

/// <summary>
/// The current hypothesis of the utterance in progress, from a re-decode of its audio so far. A later partial
/// or the final replaces it; an utterance the final finds empty gets no final, so a display should also let
/// the next utterance's events replace it.
/// </summary>
public sealed record LivePartialTranscript(int Utterance, TimeSpan Start, TimeSpan End, string Text)
    : LiveTranscriptionEvent(Utterance, Start, End, Text);
