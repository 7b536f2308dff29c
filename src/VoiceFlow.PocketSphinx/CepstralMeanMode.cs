namespace VoiceFlow.PocketSphinx;

/// <summary>How the decoder normalises the cepstral mean (channel/loudness compensation).</summary>
public enum CepstralMeanMode
{
    /// <summary>
    /// The mean of the whole job's audio (the model's <c>-cmn batch</c>), decoded in one native call.
    /// Same results as <c>pocketsphinx_batch</c>; cancellation is checked before and after the decode only.
    /// </summary>
    Utterance,

    /// <summary>
    /// A running mean restarted from the model's <c>-cmninit</c> at every job, with audio fed in blocks:
    /// cancellation is honoured between blocks; accuracy is slightly lower on short utterances.
    /// </summary>
    Live,
}
