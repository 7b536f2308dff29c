using System.Globalization;
using System.Net.WebSockets;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Server.Hosting;
using VoiceFlow.Server.Streaming;

namespace VoiceFlow.Server.Realtime;

/// <summary>
/// The server side of one Realtime connection's conversation: names items and events, sends the server events in
/// OpenAI's shapes, and stores each completed transcript in the history. Thread-safe (sends are serialized).
/// </summary>
internal sealed class RealtimeEventSink(StreamEventWriter writer, ServerContext server, CancellationToken aborted)
{
    private readonly Lock _ids = new();
    private long _nextEvent;
    private long _nextItem;
    private string? _lastCommitted;

    public string SessionId { get; } = "sess_" + Guid.NewGuid().ToString("N")[..20];

    public ServerContext Server => server;

    public StreamEventWriter Writer => writer;

    public CancellationToken Aborted => aborted;

    public string NewItemId()
    {
        lock (_ids)
        {
            return $"item_{SessionId[5..17]}{++_nextItem:D6}";
        }
    }

    private string NewEventId() => "event_" + Interlocked.Increment(ref _nextEvent).ToString("D8", CultureInfo.InvariantCulture);

    public Task ErrorAsync(RealtimeProblem problem, string? clientEventId, string type = "invalid_request_error") =>
        writer.SendAsync(new RealtimeErrorEvent(NewEventId(), "error", new RealtimeErrorJson(type, problem.Code, problem.Message, problem.Param, clientEventId)),
            RealtimeJson.Default.RealtimeErrorEvent, aborted);

    public Task SessionAsync(string type, RealtimeSessionConfig config) =>
        writer.SendAsync(new RealtimeSessionEvent(NewEventId(), type, new RealtimeSessionJson(
            "transcription", SessionId, "realtime.transcription_session",
            new RealtimeSessionAudioJson(new RealtimeSessionInputJson(config.FormatJson, config.TranscriptionJson, config.TurnDetection?.ToJson(), null)),
            [])), RealtimeJson.Default.RealtimeSessionEvent, aborted);

    public Task BetaSessionAsync(RealtimeSessionConfig config) =>
        writer.SendAsync(new RealtimeBetaSessionEvent(NewEventId(), "transcription_session.updated", new RealtimeBetaSessionJson(
            SessionId, "realtime.transcription_session", config.BetaFormatName, config.TranscriptionJson, config.TurnDetection?.ToJson(), ["text"])),
            RealtimeJson.Default.RealtimeBetaSessionEvent, aborted);

    public Task SpeechStartedAsync(string itemId, TimeSpan at) =>
        writer.SendAsync(new RealtimeSpeechStartedEvent(NewEventId(), "input_audio_buffer.speech_started", Milliseconds(at), itemId), RealtimeJson.Default.RealtimeSpeechStartedEvent, aborted);

    public Task SpeechStoppedAsync(string itemId, TimeSpan at) =>
        writer.SendAsync(new RealtimeSpeechStoppedEvent(NewEventId(), "input_audio_buffer.speech_stopped", Milliseconds(at), itemId), RealtimeJson.Default.RealtimeSpeechStoppedEvent, aborted);

    public Task CommittedAsync(string itemId)
    {
        string? previous;
        lock (_ids)
        {
            previous = _lastCommitted;
            _lastCommitted = itemId;
        }

        return writer.SendAsync(new RealtimeCommittedEvent(NewEventId(), "input_audio_buffer.committed", previous, itemId), RealtimeJson.Default.RealtimeCommittedEvent, aborted);
    }

    public Task ClearedAsync() =>
        writer.SendAsync(new RealtimeClearedEvent(NewEventId(), "input_audio_buffer.cleared"), RealtimeJson.Default.RealtimeClearedEvent, aborted);

    public Task DeltaAsync(string itemId, string delta) =>
        writer.SendAsync(new RealtimeTranscriptionDeltaEvent(NewEventId(), "conversation.item.input_audio_transcription.delta", itemId, 0, delta),
            RealtimeJson.Default.RealtimeTranscriptionDeltaEvent, aborted);

    /// <summary>The item's transcript; a non-empty result is stored in the history first (a client that has it finds it there).</summary>
    public async Task CompletedAsync(string itemId, string transcript, TimeSpan audio, TranscriptionResult? result)
    {
        if (result is not null && transcript.Length > 0)
        {
            await server.RecordHistoryAsync(result, "server", "realtime").ConfigureAwait(false);
        }

        await writer.SendAsync(new RealtimeTranscriptionCompletedEvent(NewEventId(), "conversation.item.input_audio_transcription.completed", itemId, 0, transcript,
            new RealtimeUsageJson("duration", (long)Math.Ceiling(audio.TotalSeconds))), RealtimeJson.Default.RealtimeTranscriptionCompletedEvent, aborted).ConfigureAwait(false);
    }

    public Task FailedAsync(string itemId, RealtimeProblem problem) =>
        writer.SendAsync(new RealtimeTranscriptionFailedEvent(NewEventId(), "conversation.item.input_audio_transcription.failed", itemId, 0,
            new RealtimeErrorJson("server_error", problem.Code, problem.Message, problem.Param, null)), RealtimeJson.Default.RealtimeTranscriptionFailedEvent, aborted);

    /// <summary>Closes the connection with <paramref name="status"/> and a reason.</summary>
    public Task CloseAsync(WebSocketCloseStatus status, string reason) => writer.CloseAsync(status, reason, aborted);

    private static long Milliseconds(TimeSpan at) => (long)Math.Round(at.TotalMilliseconds);
}
