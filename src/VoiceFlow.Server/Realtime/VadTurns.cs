using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Vad;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Realtime;

/// <summary>
/// <c>turn_detection: server_vad</c>: the live transcriber (Core/Streaming) cuts turns at pauses and previews them.
/// Its utterance boundaries become <c>speech_started</c> / <c>speech_stopped</c> + <c>committed</c>, its partials
/// append-only <c>delta</c>s (only the words two successive partials agree on, since a delta cannot be taken back;
/// the rest of the final text when it continues them), its finals <c>completed</c> (empty when the turn had no words).
/// The <c>completed</c> transcript is the truth: a final that revises words already sent does not repeat them as deltas.
/// </summary>
internal sealed class VadTurns : IRealtimeTurns
{
    private readonly RealtimeEventSink _sink;
    private readonly LiveTranscriber _live;
    private readonly TimeSpan _offset;
    private readonly Task _pump;
    private readonly Dictionary<int, Turn> _turns = [];

    /// <param name="sink">Where events go.</param>
    /// <param name="config">The session's settings (turn detection must be set).</param>
    /// <param name="offset">Session time of this transcriber's first sample (a reconfigured session starts a new one).</param>
    public VadTurns(RealtimeEventSink sink, RealtimeSessionConfig config, TimeSpan offset)
    {
        _sink = sink;
        _offset = offset;
        _live = new LiveTranscriber(sink.Server.Service, Options(sink.Server, config), sink.Server.Logger);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The live transcriber's settings: the server's, with the session's turn detection, language and prompt.</summary>
    internal static LiveTranscriberOptions Options(ServerContext server, RealtimeSessionConfig config)
    {
        var turns = config.TurnDetection ?? RealtimeTurnDetection.Default;
        var options = server.Options with { ListenMaxUtteranceSeconds = Math.Min(server.Options.ListenMaxUtteranceSeconds, server.Options.ServerMaxAudioSeconds) };
        var live = LiveTranscriberOptions.From(options);
        // OpenAI's threshold (0..1, 0.5 default) is vad_threshold's scale: Silero's speech probability, or the energy
        // detector's start threshold around its default of 5 dB.
        return live with
        {
            EndOfUtteranceSilence = TimeSpan.FromMilliseconds(turns.SilenceDurationMs),
            SpeechPadding = TimeSpan.FromMilliseconds(turns.PrefixPaddingMs),
            DetectorThreshold = turns.Threshold,
            ReportUtteranceBoundaries = true,
            Job = live.Job with
            {
                SourceName = "realtime",
                Engine = live.Job.Engine with
                {
                    Language = config.Language ?? live.Job.Engine.Language,
                    Prompt = config.Prompt ?? live.Job.Engine.Prompt,
                },
            },
        };
    }

    /// <summary>Stream time of the next sample, in this transcriber's clock.</summary>
    public TimeSpan Position => _offset + TimeSpan.FromSeconds(_live.SamplesFed / 16_000.0);

    public RealtimeProblem? Append(ReadOnlySpan<float> samples)
    {
        _live.Feed(samples);
        return null;
    }

    public Task<RealtimeProblem?> CommitAsync() => Task.FromResult(_live.EndUtterance()
        ? null
        : new RealtimeProblem("there is no speech since the last turn to commit (server_vad commits each turn itself)", null, "input_audio_buffer_commit_empty"));

    public async Task ClearAsync()
    {
        _live.DiscardUtterance();
        await _sink.ClearedAsync().ConfigureAwait(false);
    }

    public async Task FinishAsync()
    {
        _live.Complete();
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _live.DisposeAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var item in _live.ReadEventsAsync(_sink.Aborted).ConfigureAwait(false))
            {
                await HandleAsync(item).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (RealtimeFailures.IsReportable(ex))
        {
            // The transcriber stopped: every turn still open fails with the cause; the connection stays usable for an update.
            var problem = RealtimeFailures.For(ex);
            foreach (var turn in _turns.Values)
            {
                await _sink.FailedAsync(turn.ItemId, problem).ConfigureAwait(false);
            }

            _turns.Clear();
            await _sink.ErrorAsync(problem, null, "server_error").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // The connection went away.
        }
    }

    private async Task HandleAsync(LiveTranscriptionEvent item)
    {
        switch (item)
        {
            case LiveUtteranceBoundary { Kind: LiveUtteranceBoundaryKind.Started } started:
                var turn = new Turn(_sink.NewItemId());
                _turns[started.Utterance] = turn;
                await _sink.SpeechStartedAsync(turn.ItemId, _offset + started.Start).ConfigureAwait(false);
                break;
            case LivePartialTranscript preview when _turns.TryGetValue(preview.Utterance, out var open):
                // Only words two successive previews agree on are sent: a delta cannot be taken back.
                string agreed = AgreedWords(open.LastPreview, preview.Text);
                open.LastPreview = preview.Text;
                await SendGrowthAsync(open, agreed).ConfigureAwait(false);
                break;
            case LiveUtteranceBoundary { Kind: LiveUtteranceBoundaryKind.Ended } ended:
                var stopped = TurnOf(ended.Utterance);
                await _sink.SpeechStoppedAsync(stopped.ItemId, _offset + ended.End).ConfigureAwait(false);
                await _sink.CommittedAsync(stopped.ItemId).ConfigureAwait(false);
                break;
            case LiveFinalTranscript final:
                var done = TurnOf(final.Utterance);
                _turns.Remove(final.Utterance);
                await SendGrowthAsync(done, final.Text).ConfigureAwait(false);
                await _sink.CompletedAsync(done.ItemId, final.Text, final.End - final.Start, final.Result).ConfigureAwait(false);
                break;
            case LiveUtteranceBoundary { Kind: LiveUtteranceBoundaryKind.NoText } empty:
                var silent = TurnOf(empty.Utterance);
                _turns.Remove(empty.Utterance);
                await _sink.CompletedAsync(silent.ItemId, "", empty.End - empty.Start, null).ConfigureAwait(false);
                break;
            case LiveUtteranceBoundary { Kind: LiveUtteranceBoundaryKind.Discarded } discarded:
                _turns.Remove(discarded.Utterance);
                break;
        }
    }

    private Turn TurnOf(int utterance)
    {
        if (!_turns.TryGetValue(utterance, out var turn))
        {
            turn = new Turn(_sink.NewItemId());
            _turns[utterance] = turn;
        }

        return turn;
    }

    /// <summary>Sends what <paramref name="text"/> adds to the text already sent for the turn, when it only adds.</summary>
    private async Task SendGrowthAsync(Turn turn, string text)
    {
        if (text.Length <= turn.Sent.Length || !text.StartsWith(turn.Sent, StringComparison.Ordinal))
        {
            return;
        }

        string delta = text[turn.Sent.Length..];
        turn.Sent = text;
        await _sink.DeltaAsync(turn.ItemId, delta).ConfigureAwait(false);
    }

    /// <summary>The words at the start of both texts (with the separator after them, so the next delta starts with a word).</summary>
    internal static string AgreedWords(string previous, string current)
    {
        int agreed = 0;
        int i = 0;
        while (i < previous.Length && i < current.Length && previous[i] == current[i])
        {
            i++;
            if ((i == current.Length || current[i] == ' ') && (i == previous.Length || previous[i] == ' '))
            {
                agreed = Math.Min(i + 1, current.Length);
            }
        }

        return current[..agreed];
    }

    private sealed class Turn(string itemId)
    {
        public string ItemId { get; } = itemId;

        /// <summary>The text sent in deltas so far.</summary>
        public string Sent { get; set; } = "";

        public string LastPreview { get; set; } = "";
    }
}
