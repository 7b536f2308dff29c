using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using VoiceFlow.Core.Audio;
using VoiceFlow.Server.Audio;
using VoiceFlow.Server.Streaming;

namespace VoiceFlow.Server.Realtime;

/// <summary>
/// One <c>/v1/realtime</c> connection in transcription mode: reads the client's JSON events, keeps the session's
/// settings, converts appended audio to 16 kHz mono and hands it to the session's <see cref="IRealtimeTurns"/>. Every
/// bad event is answered with an <c>error</c> event and the connection goes on; only a client that stays silent past the
/// idle limit is closed. A client that leaves loses only its own pending turns; a stopping server finishes them first.
/// </summary>
internal sealed class RealtimeSession
{
    /// <summary>Largest client event accepted (a base64 append of about 8 s of 24 kHz PCM16 fits).</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    private const int ReceiveBufferBytes = 64 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);

    private readonly WebSocket _socket;
    private readonly RealtimeEventSink _sink;
    private readonly List<Task> _finishing = [];
    private readonly List<IRealtimeTurns> _retired = [];
    private RealtimeSessionConfig _config;
    private IncomingAudioConverter _converter;
    private IRealtimeTurns _turns;
    private long _samplesAppended;

    public RealtimeSession(WebSocket socket, RealtimeEventSink sink, RealtimeSessionConfig config)
    {
        _socket = socket;
        _sink = sink;
        _config = config;
        _converter = new IncomingAudioConverter(config.Encoding, config.Rate, 1);
        _turns = CreateTurns(config);
    }

    private TimeSpan Position => TimeSpan.FromSeconds(_samplesAppended / (double)AudioFormat.RecognizerSampleRate);

    /// <summary>Runs the connection to its end.</summary>
    public async Task RunAsync()
    {
        byte[] buffer = new byte[ReceiveBufferBytes]; // not pooled: a read may still be pending on it when the session ends
        var message = new ArrayBufferWriter<byte>(ReceiveBufferBytes);
        var frames = new FrameReceiver(_socket, buffer, ReceiveBufferBytes);
        bool finish = false;
        try
        {
            await _sink.SessionAsync("session.created", _config).ConfigureAwait(false);
            finish = await ReceiveAsync(frames, message).ConfigureAwait(false);
            if (finish)
            {
                // The server is stopping: what was said is finished and reported before the close.
                await _turns.FinishAsync().ConfigureAwait(false);
                await Task.WhenAll(_finishing).ConfigureAwait(false);
                await _sink.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection broke: nothing left to tell the client.
        }
        finally
        {
            await _turns.DisposeAsync().ConfigureAwait(false);
            foreach (var retired in _retired)
            {
                await retired.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads events until the client leaves (false) or the server stops (true).</summary>
    private async Task<bool> ReceiveAsync(FrameReceiver frames, ArrayBufferWriter<byte> message)
    {
        bool oversized = false;
        bool binary = false;
        while (true)
        {
            if (await frames.ReceiveAsync(IdleTimeout, _sink.Server.Shutdown.Stopping, _sink.Aborted).ConfigureAwait(false) is not { } received)
            {
                if (_sink.Server.Shutdown.IsStopping)
                {
                    return true;
                }

                await _sink.ErrorAsync(new RealtimeProblem($"no events for {IdleTimeout.TotalSeconds:0} s; closing the session", null, "idle_timeout"), null).ConfigureAwait(false);
                await _sink.CloseAsync(WebSocketCloseStatus.PolicyViolation, "idle timeout").ConfigureAwait(false);
                return false;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                // Answer the client's close, so its CloseAsync completes cleanly.
                await _sink.CloseAsync(WebSocketCloseStatus.NormalClosure, "closed by the client").ConfigureAwait(false);
                return false;
            }

            binary |= received.MessageType == WebSocketMessageType.Binary;
            if (!oversized && !binary)
            {
                if (message.WrittenCount + received.Count > MaxMessageBytes)
                {
                    oversized = true;
                    message.ResetWrittenCount();
                }
                else
                {
                    message.Write(frames.Data(received));
                }
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            if (binary)
            {
                await _sink.ErrorAsync(new RealtimeProblem(
                    "binary messages are not part of the Realtime API: send JSON text events (input_audio_buffer.append with base64 audio)", null, "invalid_message_type"), null).ConfigureAwait(false);
            }
            else if (oversized)
            {
                await _sink.ErrorAsync(new RealtimeProblem(
                    $"the event is larger than the {MaxMessageBytes} bytes this server accepts; send audio in smaller appends", null, "message_too_large"), null).ConfigureAwait(false);
            }
            else
            {
                await HandleAsync(message.WrittenMemory).ConfigureAwait(false);
            }

            message.ResetWrittenCount();
            oversized = false;
            binary = false;
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            await _sink.ErrorAsync(new RealtimeProblem($"the event is not valid JSON: {ex.Message}", null, "invalid_json"), null).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
            {
                await _sink.ErrorAsync(new RealtimeProblem("an event must be a JSON object with a string \"type\"", "type", "invalid_event"), null).ConfigureAwait(false);
                return;
            }

            string? eventId = root.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            string type = typeValue.GetString()!;
            var problem = type switch
            {
                "input_audio_buffer.append" => Append(root),
                "input_audio_buffer.commit" => await CommitAsync().ConfigureAwait(false),
                "input_audio_buffer.clear" => await ClearAsync().ConfigureAwait(false),
                "session.update" => await UpdateAsync(root, beta: false).ConfigureAwait(false),
                "transcription_session.update" => await UpdateAsync(root, beta: true).ConfigureAwait(false),
                _ => new RealtimeProblem(
                    $"event type '{Shorten(type)}' is not supported by this transcription server (allowed: session.update, transcription_session.update, input_audio_buffer.append, .commit, .clear)",
                    "type", "invalid_event_type"),
            };
            if (problem is not null)
            {
                await _sink.ErrorAsync(problem, eventId).ConfigureAwait(false);
            }
        }
    }

    private RealtimeProblem? Append(JsonElement root)
    {
        if (!root.TryGetProperty("audio", out var audio) || audio.ValueKind != JsonValueKind.String)
        {
            return new RealtimeProblem("input_audio_buffer.append needs \"audio\": a base64 string of audio bytes", "audio", "missing_audio");
        }

        if (!audio.TryGetBytesFromBase64(out byte[]? bytes))
        {
            return new RealtimeProblem("\"audio\" is not valid base64", "audio", "invalid_audio");
        }

        return Feed(_converter.Convert(bytes));
    }

    private RealtimeProblem? Feed(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return null;
        }

        var problem = _turns.Append(samples);
        if (problem is null)
        {
            _samplesAppended += samples.Length;
        }

        return problem;
    }

    private async Task<RealtimeProblem?> CommitAsync() => await _turns.CommitAsync().ConfigureAwait(false);

    private async Task<RealtimeProblem?> ClearAsync()
    {
        await _turns.ClearAsync().ConfigureAwait(false);
        return null;
    }

    private async Task<RealtimeProblem?> UpdateAsync(JsonElement root, bool beta)
    {
        if (!root.TryGetProperty("session", out var session))
        {
            return new RealtimeProblem($"{(beta ? "transcription_session.update" : "session.update")} needs a \"session\" object", "session", "missing_session");
        }

        bool Serves(string model) => Api.ModelsEndpoint.Serves(_sink.Server, model);
        var (updated, problem) = beta ? _config.ApplyBeta(session, Serves) : _config.ApplyCurrent(session, Serves);
        if (problem is not null)
        {
            return problem;
        }

        Reconfigure(updated!);
        if (beta)
        {
            await _sink.BetaSessionAsync(_config).ConfigureAwait(false);
        }
        else
        {
            await _sink.SessionAsync("session.updated", _config).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// A new format gets a new converter (the old one's held-back samples go to the turns first); new turn detection or
    /// transcription settings get new turns, the old ones finishing their committed turns in the background and handing
    /// over their uncommitted audio.
    /// </summary>
    private void Reconfigure(RealtimeSessionConfig updated)
    {
        var previous = _config;
        _config = updated;
        if (updated.Encoding != previous.Encoding || updated.Rate != previous.Rate)
        {
            Feed(_converter.Flush());
            _converter = new IncomingAudioConverter(updated.Encoding, updated.Rate, 1);
        }

        if (updated.TurnDetection == previous.TurnDetection && updated.Language == previous.Language && updated.Prompt == previous.Prompt)
        {
            return;
        }

        var old = _turns;
        float[] carried = old is ManualTurns manual ? manual.TakeUncommitted() : [];
        _finishing.Add(old.FinishAsync());
        _retired.Add(old);
        _turns = CreateTurns(updated);
        _turns.Append(carried);
    }

    private IRealtimeTurns CreateTurns(RealtimeSessionConfig config) =>
        config.TurnDetection is null ? new ManualTurns(_sink, config) : new VadTurns(_sink, config, Position);

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
