using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Server.Api;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Streaming;

/// <summary>
/// <c>GET /v1/stream</c>: a WebSocket of 16 kHz mono samples in (binary frames, PCM16 or float32 little-endian) and
/// JSON events out — <c>partial</c>, <c>final</c>, <c>stats</c> (after each final), <c>error</c> — then, after the
/// client's <c>{"type":"stop"}</c> (or when the server stops), the remaining finals, <c>done</c> and a normal close.
/// A client that drops the connection loses only its own unfinished utterance.
/// </summary>
internal static class StreamEndpoint
{
    private const int ReceiveBufferBytes = 16 * 1024;
    private const int MaxControlMessageBytes = 4 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopDrainGap = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StopDrainLimit = TimeSpan.FromSeconds(5);

    public static async Task<IResult> HandleAsync(HttpContext http, ServerContext server)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ApiError.BadRequest("GET /v1/stream is a WebSocket: connect with ws://HOST/v1/stream?encoding=pcm16").ToResult();
        }

        switch (server.Streams.TryEnter())
        {
            case AdmissionResult.ShuttingDown:
                return ApiError.ShuttingDown().ToResult();
            case AdmissionResult.Busy:
                return ApiError.Busy($"the server is busy ({server.Streams.Capacity} streams open); retry later", server.RetryAfterSeconds()).ToResult();
        }

        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var events = new StreamEventWriter(socket);
            var (query, problem) = StreamQuery.From(http.Request.Query);
            if (query is null)
            {
                await events.FailAsync(problem!, WebSocketCloseStatus.PolicyViolation, http.RequestAborted).ConfigureAwait(false);
                return Results.Empty;
            }

            await RunAsync(socket, events, query, server, http.RequestAborted).ConfigureAwait(false);
            return Results.Empty;
        }
        finally
        {
            server.Streams.Exit();
        }
    }

    private static async Task RunAsync(WebSocket socket, StreamEventWriter events, StreamQuery query, ServerContext server, CancellationToken aborted)
    {
        Task<bool>? pump = null;
        var transcriber = new LiveTranscriber(server.Service, LiveOptions(server, query), server.Logger);
        await using (transcriber.ConfigureAwait(false))
        {
            pump = PumpEventsAsync(transcriber, events, server, aborted);
            var decoder = new PcmFrameDecoder(query.Encoding);
            // Not pooled: a read can still be pending on it when the stream ends (the socket completes it later).
            byte[] buffer = new byte[ReceiveBufferBytes];
            float[] samples = ArrayPool<float>.Shared.Rent(ReceiveBufferBytes);
            using var control = new MemoryStream();
            try
            {
                var frames = new FrameReceiver(socket, buffer, ReceiveBufferBytes);
                bool flush = await ReceiveAsync(frames, events, transcriber, decoder, samples, control, server, aborted).ConfigureAwait(false);
                if (!flush)
                {
                    return; // The client went away: disposing the transcriber drops its unfinished utterance.
                }

                transcriber.Complete();
                if (!await pump.ConfigureAwait(false))
                {
                    return; // The error was reported and the socket closed.
                }

                await events.SendAsync(new StreamEventJson("done"), aborted).ConfigureAwait(false);
                await events.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", aborted).ConfigureAwait(false);
                await WaitForClientCloseAsync(socket, frames, aborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException && aborted.IsCancellationRequested)
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

    /// <summary>The server's live settings with the request's language; an utterance never exceeds the server's audio limit.</summary>
    private static LiveTranscriberOptions LiveOptions(ServerContext server, StreamQuery query)
    {
        var options = server.Options with { ListenMaxUtteranceSeconds = Math.Min(server.Options.ListenMaxUtteranceSeconds, server.Options.ServerMaxAudioSeconds) };
        var live = LiveTranscriberOptions.From(options);
        return query.Language is null ? live : live with { Job = live.Job with { Engine = live.Job.Engine with { Language = query.Language } } };
    }

    /// <summary>
    /// Sends the transcriber's events as they come: <c>partial</c>; <c>final</c> then <c>stats</c> (and a history entry).
    /// True when the transcriber ended normally; false after reporting the error that stopped it.
    /// </summary>
    private static async Task<bool> PumpEventsAsync(LiveTranscriber transcriber, StreamEventWriter events, ServerContext server, CancellationToken aborted)
    {
        await Task.Yield();
        try
        {
            await foreach (var item in transcriber.ReadEventsAsync(aborted).ConfigureAwait(false))
            {
                switch (item)
                {
                    case LivePartialTranscript partial:
                        await events.SendAsync(new StreamEventJson("partial") { Text = partial.Text, Start = Seconds(partial.Start) }, aborted).ConfigureAwait(false);
                        break;
                    case LiveFinalTranscript final:
                        await events.SendAsync(new StreamEventJson("final")
                        {
                            Text = final.Text,
                            Start = Seconds(final.Start),
                            End = Seconds(final.End),
                            ProcessingMs = Math.Round(final.ProcessingTime.TotalMilliseconds, 1),
                        }, aborted).ConfigureAwait(false);
                        await events.SendAsync(new StreamEventJson("stats")
                        {
                            AudioSeconds = Seconds(final.Result.AudioDuration),
                            SpeedFactor = Math.Round(final.Result.SpeedFactor, 3),
                        }, aborted).ConfigureAwait(false);
                        await server.RecordHistoryAsync(final.Result, "server", "stream").ConfigureAwait(false);
                        break;
                }
            }

            return true;
        }
        catch (EngineBusyException ex)
        {
            await TryFailAsync(events, ex.Message + "; reconnect later", WebSocketCloseStatus.EndpointUnavailable, aborted).ConfigureAwait(false);
            return false;
        }
        catch (VoiceFlowException ex)
        {
            ServerLog.StreamFailed(server.Logger, ex.Message);
            await TryFailAsync(events, ex.Message, WebSocketCloseStatus.InternalServerError, aborted).ConfigureAwait(false);
            return false;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);

    /// <summary>Reads frames until stop (true), the server stopping (true), or the client leaving (false).</summary>
    private static async Task<bool> ReceiveAsync(
        FrameReceiver frames, StreamEventWriter events, LiveTranscriber transcriber, PcmFrameDecoder decoder, float[] samples, MemoryStream control, ServerContext server, CancellationToken aborted)
    {
        long stoppingSince = 0;
        while (true)
        {
            // Once the server stops, frames already on their way are still read (until a short gap, within a bound),
            // then what was said is finished and the client gets its finals and done.
            bool stopping = server.Shutdown.IsStopping;
            if (stopping && stoppingSince == 0)
            {
                stoppingSince = Stopwatch.GetTimestamp();
            }

            if (stopping && Stopwatch.GetElapsedTime(stoppingSince) > StopDrainLimit)
            {
                return true;
            }

            var wait = stopping ? StopDrainGap : IdleTimeout;
            var interrupt = stopping ? CancellationToken.None : server.Shutdown.Stopping;
            if (await frames.ReceiveAsync(wait, interrupt, aborted).ConfigureAwait(false) is not { } received)
            {
                if (server.Shutdown.IsStopping)
                {
                    if (stopping)
                    {
                        return true;
                    }

                    continue; // Stopping began during the wait: drain what is already on its way.
                }

                await events.FailAsync($"no audio for {IdleTimeout.TotalSeconds:0} s; closing the stream", WebSocketCloseStatus.PolicyViolation, aborted).ConfigureAwait(false);
                return false;
            }

            switch (received.MessageType)
            {
                case WebSocketMessageType.Close:
                    return false;
                case WebSocketMessageType.Binary:
                    int count = decoder.Decode(frames.Data(received), samples);
                    transcriber.Feed(samples.AsSpan(0, count));

                    break;
                case WebSocketMessageType.Text:
                    if (control.Length + received.Count > MaxControlMessageBytes)
                    {
                        await events.FailAsync($"text messages are limited to {MaxControlMessageBytes} bytes", WebSocketCloseStatus.MessageTooBig, aborted).ConfigureAwait(false);
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

                    await events.SendAsync(new StreamEventJson("error") { Message = $"unknown message {(type is null ? "(not JSON with a \"type\")" : $"type '{type}'")}; send {{\"type\":\"stop\"}} to finish" }, aborted).ConfigureAwait(false);
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
    private static async Task WaitForClientCloseAsync(WebSocket socket, FrameReceiver frames, CancellationToken aborted)
    {
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                if (await frames.ReceiveAsync(CloseHandshakeTimeout, CancellationToken.None, aborted).ConfigureAwait(false) is not { } received)
                {
                    socket.Abort();
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
            socket.Abort();
        }
    }

    private static async Task TryFailAsync(StreamEventWriter events, string message, WebSocketCloseStatus status, CancellationToken aborted)
    {
        try
        {
            await events.FailAsync(message, status, aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client is gone too.
        }
    }
}
