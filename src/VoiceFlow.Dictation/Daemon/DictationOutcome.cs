namespace VoiceFlow.Dictation.Daemon;

/// <summary>What one finished dictation produced.</summary>
/// <param name="Text">The delivered text; empty when the recording held no speech (nothing delivered).</param>
/// <param name="RawText">The engine's text before clean-up.</param>
/// <param name="AudioDuration">Length of the recording (pre-roll and tail included).</param>
/// <param name="ProcessingTime">Transcription time.</param>
/// <param name="Delivered">True when the text went to the output.</param>
public sealed record DictationOutcome(string Text, string RawText, TimeSpan AudioDuration, TimeSpan ProcessingTime, bool Delivered);
