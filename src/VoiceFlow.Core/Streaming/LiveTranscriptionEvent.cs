namespace VoiceFlow.Core.Streaming;

/// <summary>
/// Something <see cref="LiveTranscriber"/> has to say about one utterance: a <see cref="LivePartialTranscript"/>
/// while it is spoken, then one <see cref="LiveFinalTranscript"/> when it has ended.
/// </summary>
/// <param name="Utterance">Number of the utterance in the stream, from 0; finals arrive in this order.</param>
/// <param name="Start">Where the utterance starts, as time from the start of the stream.</param>
/// <param name="End">Where the audio this event covers ends, as time from the start of the stream.</param>
/// <param name="Text">The transcript (post-processed).</param>
public abstract record LiveTranscriptionEvent(int Utterance, TimeSpan Start, TimeSpan End, string Text);
