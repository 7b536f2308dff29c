namespace VoiceFlow.Server.Realtime;

/// <summary>
/// How a Realtime session cuts its input audio into turns (items): by the server's voice activity detection
/// (<see cref="VadTurns"/>) or by the client's commits (<see cref="ManualTurns"/>). Called from the session's receive
/// loop only; events go out through the session's <see cref="RealtimeEventSink"/>.
/// </summary>
internal interface IRealtimeTurns : IAsyncDisposable
{
    /// <summary>Adds 16 kHz mono samples to the input buffer; a problem when they are refused (the buffer is full).</summary>
    RealtimeProblem? Append(ReadOnlySpan<float> samples);

    /// <summary><c>input_audio_buffer.commit</c>: ends the turn now; a problem when there is nothing to commit.</summary>
    Task<RealtimeProblem?> CommitAsync();

    /// <summary><c>input_audio_buffer.clear</c>: drops the audio not yet committed, then says so.</summary>
    Task ClearAsync();

    /// <summary>
    /// Ends this way of cutting turns (the session is reconfigured or the server stops): committed turns are transcribed
    /// and reported; the task ends after the last event. With server VAD the turn in progress is committed; with manual
    /// commits the uncommitted audio stays in the buffer (<see cref="ManualTurns.TakeUncommitted"/>).
    /// </summary>
    Task FinishAsync();
}
