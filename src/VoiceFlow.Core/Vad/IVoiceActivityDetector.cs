namespace VoiceFlow.Core.Vad;

/// <summary>
/// A streaming voice activity detector over 16 kHz mono samples: feed blocks of any size to <see cref="Process"/>, read
/// finished speech segments with <see cref="TryDequeue"/>, call <see cref="Complete"/> at the end of the stream.
/// Implementations allocate nothing per block once running.
/// </summary>
public interface IVoiceActivityDetector
{
    /// <summary>Whether confirmed speech is in progress.</summary>
    bool InSpeech { get; }

    /// <summary>First sample of the speech in progress (valid while <see cref="InSpeech"/>).</summary>
    long SpeechStartSample { get; }

    /// <summary>
    /// While <see cref="InSpeech"/> and in a pause not yet long enough to end the speech: the first sample after the last
    /// speech heard (the pause's start; the finished segment ends there or, with a hangover, a little after); -1 otherwise
    /// (no pause, or a detector that cannot say). A caller that can use the pause early (a speculative decode) compares it
    /// with what was analysed so far; speech after the pause moves it.
    /// </summary>
    long PauseStartSample => -1;

    /// <summary>Samples analysed so far (a detector that buffers a partial frame has not analysed it yet).</summary>
    long SamplesAnalysed => 0;

    /// <summary>Analyses the next block of samples (any length, including 0).</summary>
    void Process(ReadOnlySpan<float> block);

    /// <summary>Ends the stream: closes speech still in progress.</summary>
    void Complete();

    /// <summary>Takes the oldest finished speech segment, if any.</summary>
    bool TryDequeue(out SampleRange segment);

    /// <summary>Forgets all state, ready for a new stream.</summary>
    void Reset();
}
