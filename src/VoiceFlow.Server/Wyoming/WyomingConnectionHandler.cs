using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Server.Api;
using VoiceFlow.Server.Audio;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Wyoming;

/// <summary>
/// The Wyoming protocol on its own Kestrel endpoint (how Home Assistant talks to a speech-to-text service):
/// <c>describe</c> → <c>info</c>; <c>transcribe</c> (optional <c>language</c>) → <c>audio-start</c> →
/// <c>audio-chunk</c>… (any rate, width 1–4 bytes and channel count, converted to 16 kHz mono) → <c>audio-stop</c> →
/// <c>transcript</c>. Each transcription is one job of the shared service, admitted like an upload and stored in the
/// history. Bad input gets an <c>error</c> event; a frame the stream cannot be followed past (a lying or oversized
/// length, an endless header) also closes the connection.
/// </summary>
internal sealed class WyomingConnectionHandler(ServerContext server) : ConnectionHandler
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var input = connection.Transport.Input;
        var events = new WyomingEventWriter(connection.Transport.Output);
        var state = new WyomingTranscription(server);
        var aborted = connection.ConnectionClosed;
        try
        {
            while (true)
            {
                // Not the connection's closed token: a client that ends its side is seen as a completed read (and told
                // if it left a frame unfinished); a reset throws.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(server.Shutdown.Stopping);
                idle.CancelAfter(IdleTimeout);
                ReadResult read;
                try
                {
                    read = await input.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // idle, or the server is stopping: a Wyoming client reconnects for its next request
                }

                var buffer = read.Buffer;
                bool close = false;
                while (!close)
                {
                    if (WyomingFrameReader.TryRead(ref buffer, out var frame, out var problem))
                    {
                        close = !await HandleAsync(frame, state, events, aborted).ConfigureAwait(false);
                        continue;
                    }

                    if (problem is null)
                    {
                        break;
                    }

                    await events.ErrorAsync(problem.Message, problem.Code, aborted).ConfigureAwait(false);
                    close = problem.Fatal;
                }

                if (close)
                {
                    input.AdvanceTo(buffer.End);
                    await DrainAsync(input).ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        // The client ended its side (which also fires the connection's closed token); it may still read.
                        using var lastWords = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await events.ErrorAsync($"the connection ended inside a frame ({buffer.Length} bytes of it arrived)", "truncated_frame", lastWords.Token).ConfigureAwait(false);
                    }

                    return;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex) when (ex is ConnectionResetException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads and drops what the client is still sending (briefly, boundedly) before a close, so the error event is not
    /// lost to the reset a close with unread data causes.
    /// </summary>
    private static async Task DrainAsync(PipeReader input)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        long dropped = 0;
        try
        {
            while (dropped < 4 * WyomingFrameReader.MaxPayloadBytes)
            {
                var read = await input.ReadAsync(limit.Token).ConfigureAwait(false);
                dropped += read.Buffer.Length;
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client keeps sending: it is cut off.
        }
    }

    /// <summary>Handles one event; false closes the connection.</summary>
    private async Task<bool> HandleAsync(WyomingFrame frame, WyomingTranscription state, WyomingEventWriter events, CancellationToken aborted)
    {
        switch (frame.Type)
        {
            case "describe":
                var languages = server.Settings.Engine.Languages is { Count: > 0 } known ? known : [server.Options.Language];
                await events.WriteAsync("info", WyomingInfo.Build(server, languages), aborted).ConfigureAwait(false);
                return true;
            case "ping":
                await events.WriteAsync("pong", new JsonObject { ["text"] = Text(frame.Data, "text") }, aborted).ConfigureAwait(false);
                return true;
            case "transcribe":
                var (ok, problem) = state.Begin(Text(frame.Data, "language"), Text(frame.Data, "name"));
                if (!ok)
                {
                    await events.ErrorAsync(problem!, "invalid_transcribe", aborted).ConfigureAwait(false);
                }

                return true;
            case "audio-start":
                if (state.Start(frame.Data) is { } startProblem)
                {
                    await events.ErrorAsync(startProblem, "invalid_audio_format", aborted).ConfigureAwait(false);
                }

                return true;
            case "audio-chunk":
                if (state.Append(frame.Data, frame.Payload) is { } chunkProblem)
                {
                    await events.ErrorAsync(chunkProblem.Message, chunkProblem.Code, aborted).ConfigureAwait(false);
                }

                return true;
            case "audio-stop":
                var (result, stopProblem) = await state.StopAsync(aborted).ConfigureAwait(false);
                if (stopProblem is { } failed)
                {
                    await events.ErrorAsync(failed.Message, failed.Code, aborted).ConfigureAwait(false);
                    return true;
                }

                var transcript = new JsonObject { ["text"] = result!.Text };
                if (!string.IsNullOrEmpty(result.Language) && result.Language != "auto")
                {
                    transcript["language"] = result.Language;
                }

                // Stored before the answer, as for uploads: a client that has its transcript finds it in the history.
                await server.RecordHistoryAsync(result, "server", "wyoming").ConfigureAwait(false);
                await events.WriteAsync("transcript", transcript, aborted).ConfigureAwait(false);
                return true;
            default:
                await events.ErrorAsync($"event type '{(frame.Type.Length > 64 ? frame.Type[..64] : frame.Type)}' is not handled by this speech-to-text service (describe, transcribe, audio-start, audio-chunk, audio-stop, ping)", "unsupported_event", aborted).ConfigureAwait(false);
                return true;
        }
    }

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}

/// <summary>One Wyoming connection's transcription in progress: the requested language and the audio so far (16 kHz mono, bounded).</summary>
internal sealed class WyomingTranscription(ServerContext server)
{
    private string? _language;
    private IncomingAudioConverter? _converter;
    private (int Rate, int Width, int Channels) _format;
    private float[] _audio = [];
    private int _count;
    private bool _started;
    private bool _overflowed;

    private int MaxSamples => AudioFormat.RecognizerSampleRate * server.Options.ServerMaxAudioSeconds;

    public (bool Ok, string? Problem) Begin(string? language, string? model)
    {
        if (model is not null && !ModelsEndpoint.Serves(server, model))
        {
            return (false, $"model '{model}' is not loaded; this service transcribes with '{server.Service.EngineName}'");
        }

        if (!string.IsNullOrEmpty(language) && !(language == "auto" || (language.Length is 2 or 3 && language.All(char.IsAsciiLetterLower))))
        {
            return (false, $"language '{language}' is not an ISO 639-1 code such as 'en'");
        }

        _language = string.IsNullOrEmpty(language) ? null : language;
        return (true, null);
    }

    public string? Start(JsonObject data)
    {
        Reset();
        _started = true;
        return UseFormat(data);
    }

    public (string Message, string Code)? Append(JsonObject data, ReadOnlySequence<byte> payload)
    {
        if (!_started)
        {
            return ("audio-chunk before audio-start: send transcribe, audio-start, the chunks, then audio-stop", "no_audio_start");
        }

        if (UseFormat(data) is { } formatProblem)
        {
            return (formatProblem, "invalid_audio_format");
        }

        if (_overflowed)
        {
            return null; // already reported; the rest of the stream is dropped until audio-stop
        }

        foreach (var segment in payload)
        {
            var samples = _converter!.Convert(segment.Span);
            if (_count + samples.Length > MaxSamples)
            {
                _overflowed = true;
                return ($"the audio is longer than the {server.Options.ServerMaxAudioSeconds} s this server accepts (server_max_audio_seconds); the rest is dropped", "audio_too_long");
            }

            if (_audio.Length < _count + samples.Length)
            {
                Array.Resize(ref _audio, Math.Min(MaxSamples, Math.Max(_count + samples.Length, Math.Max(16_000, _audio.Length * 2))));
            }

            samples.CopyTo(_audio.AsSpan(_count));
            _count += samples.Length;
        }

        return null;
    }

    public async Task<(TranscriptionResult? Result, (string Message, string Code)? Problem)> StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return (null, ("audio-stop without audio-start", "no_audio_start"));
        }

        if (_converter is not null)
        {
            var tail = _converter.Flush();
            int room = Math.Min(tail.Length, MaxSamples - _count);
            if (room > 0)
            {
                if (_audio.Length < _count + room)
                {
                    Array.Resize(ref _audio, _count + room);
                }

                tail[..room].CopyTo(_audio.AsSpan(_count));
                _count += room;
            }
        }

        var audio = _audio.AsMemory(0, _count);
        try
        {
            switch (server.Uploads.TryEnter())
            {
                case AdmissionResult.ShuttingDown:
                    return (null, ("the server is shutting down; retry against the restarted server", "shutting_down"));
                case AdmissionResult.Busy:
                    return (null, ($"the server is busy ({server.Uploads.Capacity} transcriptions running or queued); retry later", "server_busy"));
            }

            try
            {
                var engine = server.Options.ToTranscriptionOptions();
                var job = new TranscriptionJobOptions
                {
                    Engine = _language is null ? engine : engine with { Language = _language },
                    PostProcessing = PostProcessingOptions.From(server.Options),
                    SourceName = "wyoming",
                };
                return (await server.Service.TranscribeAsync(audio, job, cancellationToken).ConfigureAwait(false), null);
            }
            finally
            {
                server.Uploads.Exit();
            }
        }
        catch (EngineBusyException ex)
        {
            return (null, (ex.Message, "server_busy"));
        }
        catch (Exception ex) when (ex is VoiceFlowException)
        {
            return (null, (ex.Message, "transcription_failed"));
        }
        finally
        {
            Reset();
        }
    }

    private void Reset()
    {
        _started = false;
        _overflowed = false;
        _count = 0;
        _converter = null;
        _format = default;
        if (_audio.Length > 4 * AudioFormat.RecognizerSampleRate * 60)
        {
            _audio = []; // a long request's buffer is not kept for the connection's lifetime
        }
    }

    /// <summary>Reads rate, width and channels; a change of format mid-stream flushes the old converter into the audio.</summary>
    private string? UseFormat(JsonObject data)
    {
        if (!TryInt(data, "rate", out int rate) || !TryInt(data, "width", out int width) || !TryInt(data, "channels", out int channels))
        {
            return "audio events need whole numbers rate, width and channels";
        }

        if (rate is < IncomingAudioConverter.MinRate or > IncomingAudioConverter.MaxRate || width is < 1 or > 4 || channels is < 1 or > IncomingAudioConverter.MaxChannels)
        {
            return $"audio format rate={rate} width={width} channels={channels} is not supported (rate {IncomingAudioConverter.MinRate}–{IncomingAudioConverter.MaxRate} Hz, width 1–4 bytes, 1–{IncomingAudioConverter.MaxChannels} channels)";
        }

        if (_converter is not null && _format == (rate, width, channels))
        {
            return null;
        }

        var encoding = width switch
        {
            1 => IncomingSampleEncoding.UInt8,
            2 => IncomingSampleEncoding.Int16,
            3 => IncomingSampleEncoding.Int24,
            _ => IncomingSampleEncoding.Int32,
        };
        _converter = new IncomingAudioConverter(encoding, rate, channels);
        _format = (rate, width, channels);
        return null;
    }

    private static bool TryInt(JsonObject data, string name, out int value)
    {
        value = 0;
        return data[name] is JsonValue node && node.TryGetValue(out value);
    }
}
