using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Server.Api;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Streaming;

/// <summary>
/// One accepted <c>/v1/stream</c> connection and its state: the frames received, the live transcriber fed with them,
/// and the writer of its events. Reads frames until the client's stop (or the server stopping), then sends the
/// remaining finals, <c>done</c> and a normal close; a client that leaves loses only its own unfinished utterance.
/// </summary>
internal sealed class StreamSession
{
    private const int ReceiveBufferBytes = 16 * 1024;
    private const int MaxControlMessageBytes = 4 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopDrainGap = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StopDrainLimit = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly StreamEventWriter _events;
    private readonly StreamQuery _query;
    private readonly ServerContext _server;
    private readonly PcmFrameDecoder _decoder;
    private readonly CancellationToken _aborted;

    /// <param name="socket">The accepted WebSocket; owned by the caller.</param>
    /// <param name="events">Sends on <paramref name="socket"/>; owned by the caller.</param>
    /// <param name="query">The connection's validated query (encoding, language).</param>
    /// <param name="server">The server's shared state (transcription service, shutdown, history).</param>
    /// <param name="aborted">The connection's own token.</param>
    public StreamSession(WebSocket socket, StreamEventWriter events, StreamQuery query, ServerContext server, CancellationToken aborted)
    {
        _socket = socket;
        _events = events;
        _query = query;
        _server = server;
        _aborted = aborted;
        _decoder = new PcmFrameDecoder(query.Encoding);
    }

    /// <summary>Runs the connection to its end: audio in, events out, the closing handshake.</summary>
    public async Task RunAsync()
    {
        Task<bool>? pump = null;
        var transcriber = new LiveTranscriber(_server.Service, LiveOptions(_server, _query), _server.Logger);
        await using (transcriber.ConfigureAwait(false))
        {
            pump = PumpEventsAsync(transcriber);
            // Not pooled: a read can still be pending on it when the stream ends (the socket completes it later).
            byte[] buffer = new byte[ReceiveBufferBytes];
            float[] samples = ArrayPool<float>.Shared.Rent(ReceiveBufferBytes);
            using var control = new MemoryStream();
            try
            {
                var frames = new FrameReceiver(_socket, buffer, ReceiveBufferBytes);
                bool flush = await ReceiveAsync(frames, transcriber, samples, control).ConfigureAwait(false);
                if (!flush)
                {
                    return; // The client went away: disposing the transcriber drops its unfinished utterance.
                }

                transcriber.Complete();
                if (!await pump.ConfigureAwait(false))
                {
                    return; // The error was reported and the socket closed.
                }

                await _events.SendAsync(new StreamEventJson("done"), _aborted).ConfigureAwait(false);
                await _events.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", _aborted).ConfigureAwait(false);
                await WaitForClientCloseAsync(frames).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException && _aborted.IsCancellationRequested)
            {
                // The connection broke: nothing left to tell the client.
            }
            finally
            {
                ArrayPool<float>.Shared.Return(samples);
            }
        }

        // Disposing the transcriber ended its events: the pump finishes before the socket goes away.
        await ((Task)pump).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The server's live settings with the request's language and task; an utterance never exceeds the server's audio limit.</summary>
    private static LiveTranscriberOptions LiveOptions(ServerContext server, StreamQuery query)
    {
        var options = server.Options with { ListenMaxUtteranceSeconds = Math.Min(server.Options.ListenMaxUtteranceSeconds, server.Options.ServerMaxAudioSeconds) };
        var live = LiveTranscriberOptions.From(options);
        var engine = live.Job.Engine with
        {
            Language = query.Language ?? live.Job.Engine.Language,
            Translate = query.Translate ?? live.Job.Engine.Translate,
        };
        return live with { Job = live.Job with { Engine = engine } };
    }

    /// <summary>
    /// Sends the transcriber's events as they come: <c>partial</c>; <c>final</c> then <c>stats</c> (and a history entry).
    /// True when the transcriber ended normally; false after reporting the error that stopped it.
    /// </summary>
    private async Task<bool> PumpEventsAsync(LiveTranscriber transcriber)
    {
        await Task.Yield();
        try
        {
            await foreach (var item in transcriber.ReadEventsAsync(_aborted).ConfigureAwait(false))
            {
                switch (item)
                {
                    case LivePartialTranscript partial:
                        await _events.SendAsync(new StreamEventJson("partial") { Text = partial.Text, Start = Seconds(partial.Start) }, _aborted).ConfigureAwait(false);
                        break;
                    case LiveFinalTranscript final:
                        await _events.SendAsync(new StreamEventJson("final")
                        {
                            Text = final.Text,
                            Start = Seconds(final.Start),
                            End = Seconds(final.End),
                            ProcessingMs = Math.Round(final.ProcessingTime.TotalMilliseconds, 1),
                            Language = final.Result.Language,
                            LanguageProbability = float.IsNaN(final.Result.LanguageProbability) ? null : Math.Round(final.Result.LanguageProbability, 4),
                        }, _aborted).ConfigureAwait(false);
                        await _events.SendAsync(new StreamEventJson("stats")
                        {
                            AudioSeconds = Seconds(final.Result.AudioDuration),
                            SpeedFactor = Math.Round(final.Result.SpeedFactor, 3),
                        }, _aborted).ConfigureAwait(false);
                        await _server.RecordHistoryAsync(final.Result, "server", "stream").ConfigureAwait(false);
                        break;
                }
            }

            return true;
        }
        catch (EngineBusyException ex)
        {
            await TryFailAsync(ex.Message + "; reconnect later", WebSocketCloseStatus.EndpointUnavailable).ConfigureAwait(false);
            return false;
        }
        catch (VoiceFlowException ex)
        {
            ServerLog.StreamFailed(_server.Logger, ex.Message);
            await TryFailAsync(ex.Message, WebSocketCloseStatus.InternalServerError).ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);

    /// <summary>Reads frames until stop (true), the server stopping (true), or the client leaving (false).</summary>
    private async Task<bool> ReceiveAsync(FrameReceiver frames, LiveTranscriber transcriber, float[] samples, MemoryStream control)
    {
        long stoppingSince = 0;
        while (true)
        {
            // Once the server stops, frames already on their way are still read (until a short gap, within a bound),
            // then what was said is finished and the client gets its finals and done.
            bool stopping = _server.Shutdown.IsStopping;
            if (stopping && stoppingSince == 0)
            {
                stoppingSince = Stopwatch.GetTimestamp();
            }

            if (stopping && Stopwatch.GetElapsedTime(stoppingSince) > StopDrainLimit)
            {
                return true;
            }

            var wait = stopping ? StopDrainGap : IdleTimeout;
            var interrupt = stopping ? CancellationToken.None : _server.Shutdown.Stopping;
            if (await frames.ReceiveAsync(wait, interrupt, _aborted).ConfigureAwait(false) is not { } received)
            {
                if (_server.Shutdown.IsStopping)
                {
                    if (stopping)
                    {
                        return true;
                    }

                    continue; // Stopping began during the wait: drain what is already on its way.
                }

                await _events.FailAsync($"no audio for {IdleTimeout.TotalSeconds:0} s; closing the stream", WebSocketCloseStatus.PolicyViolation, _aborted).ConfigureAwait(false);
                return false;
            }

            switch (received.MessageType)
            {
                case WebSocketMessageType.Close:
                    return false;
                case WebSocketMessageType.Binary:
                    int count = _decoder.Decode(frames.Data(received), samples);
                    transcriber.Feed(samples.AsSpan(0, count));

                    break;
                case WebSocketMessageType.Text:
                    if (control.Length + received.Count > MaxControlMessageBytes)
                    {
                        await _events.FailAsync($"text messages are limited to {MaxControlMessageBytes} bytes", WebSocketCloseStatus.MessageTooBig, _aborted).ConfigureAwait(false);
                        return false;
                    }

                    control.Write(frames.Data(received));
                    if (!received.EndOfMessage)
                    {
                        break;
                    }

                    string? type = ControlType(control.ToArray());
                    control.SetLength(0);
                    if (type == "stop")
                    {
                        return true;
                    }

                    await _events.SendAsync(new StreamEventJson("error") { Message = $"unknown message {(type is null ? "(not JSON with a \"type\")" : $"type '{type}'")}; send {{\"type\":\"stop\"}} to finish" }, _aborted).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static string? ControlType(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ServerJson.Default.StreamControlJson)?.Type;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Lets the client answer the close; a client that never does is cut off after a few seconds.</summary>
    private async Task WaitForClientCloseAsync(FrameReceiver frames)
    {
        try
        {
            while (_socket.State == WebSocketState.CloseSent)
            {
                if (await frames.ReceiveAsync(CloseHandshakeTimeout, CancellationToken.None, _aborted).ConfigureAwait(false) is not { } received)
                {
                    _socket.Abort();
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            _socket.Abort();
        }
    }

    private async Task TryFailAsync(string message, WebSocketCloseStatus status)
    {
        try
        {
            await _events.FailAsync(message, status, _aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client is gone too.
        }
    }
}
