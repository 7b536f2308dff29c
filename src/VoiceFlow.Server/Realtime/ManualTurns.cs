using System.Threading.Channels;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Realtime;

/// <summary>
/// <c>turn_detection: null</c>: the client decides. Appended audio collects in the input buffer (at most
/// <c>server_max_audio_seconds</c>); each commit makes it an item, transcribed as one job through the service (its VAD
/// and clean-up), reported as one <c>delta</c> with the text and the <c>completed</c> transcript.
/// </summary>
internal sealed class ManualTurns : IRealtimeTurns
{
    /// <summary>OpenAI refuses commits of less audio than this.</summary>
    private const int MinCommitSamples = AudioFormat.RecognizerSampleRate / 10;

    /// <summary>Commits waiting for the model beyond this are refused, which bounds the memory a client can hold.</summary>
    private const int MaxPendingCommits = 4;

    private readonly RealtimeEventSink _sink;
    private readonly TranscriptionJobOptions _job;
    private readonly Channel<Commit> _commits = Channel.CreateUnbounded<Commit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private readonly int _maxSamples;
    private float[] _buffer = new float[AudioFormat.RecognizerSampleRate];
    private int _count;
    private int _pending;

    public ManualTurns(RealtimeEventSink sink, RealtimeSessionConfig config)
    {
        _sink = sink;
        var server = sink.Server;
        _maxSamples = AudioFormat.RecognizerSampleRate * server.Options.ServerMaxAudioSeconds;
        var engine = server.Options.ToTranscriptionOptions();
        _job = new TranscriptionJobOptions
        {
            Engine = engine with { Language = config.Language ?? engine.Language, Prompt = config.Prompt ?? engine.Prompt },
            PostProcessing = Core.PostProcessing.PostProcessingOptions.From(server.Options),
            SourceName = "realtime",
        };
        _worker = Task.Run(TranscribeCommitsAsync);
    }

    public RealtimeProblem? Append(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _maxSamples)
        {
            return new RealtimeProblem(
                $"the input audio buffer holds at most {_sink.Server.Options.ServerMaxAudioSeconds} s (server_max_audio_seconds); commit or clear it — this append was dropped",
                "audio", "input_audio_buffer_full");
        }

        if (_buffer.Length < _count + samples.Length)
        {
            Array.Resize(ref _buffer, Math.Min(_maxSamples, Math.Max(_count + samples.Length, _buffer.Length * 2)));
        }

        samples.CopyTo(_buffer.AsSpan(_count));
        _count += samples.Length;
        return null;
    }

    public async Task<RealtimeProblem?> CommitAsync()
    {
        if (_count < MinCommitSamples)
        {
            return new RealtimeProblem(
                $"buffer too small: expected at least 100 ms of audio, but the buffer holds {_count * 1000 / AudioFormat.RecognizerSampleRate} ms", null, "input_audio_buffer_commit_empty");
        }

        if (Volatile.Read(ref _pending) >= MaxPendingCommits)
        {
            return new RealtimeProblem($"{MaxPendingCommits} commits are still being transcribed; wait for their completed events (the audio stays in the buffer)", null, "too_many_pending_commits");
        }

        var commit = new Commit(_sink.NewItemId(), TakeUncommitted());
        Interlocked.Increment(ref _pending);
        await _sink.CommittedAsync(commit.ItemId).ConfigureAwait(false);
        _commits.Writer.TryWrite(commit);
        return null;
    }

    public Task ClearAsync()
    {
        _count = 0;
        return _sink.ClearedAsync();
    }

    /// <summary>Empties the buffer and returns what it held.</summary>
    public float[] TakeUncommitted()
    {
        float[] audio = _buffer.AsSpan(0, _count).ToArray();
        _count = 0;
        return audio;
    }

    public async Task FinishAsync()
    {
        _commits.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _commits.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task TranscribeCommitsAsync()
    {
        try
        {
            await foreach (var commit in _commits.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    var result = await _sink.Server.Service.TranscribeAsync(commit.Audio, _job, _stop.Token).ConfigureAwait(false);
                    if (result.Text.Length > 0)
                    {
                        await _sink.DeltaAsync(commit.ItemId, result.Text).ConfigureAwait(false);
                    }

                    await _sink.CompletedAsync(commit.ItemId, result.Text, result.AudioDuration, result).ConfigureAwait(false);
                }
                catch (Exception ex) when (RealtimeFailures.IsReportable(ex))
                {
                    await _sink.FailedAsync(commit.ItemId, RealtimeFailures.For(ex)).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // Disposed, or the connection went away.
        }
    }

    private sealed record Commit(string ItemId, float[] Audio);
}
