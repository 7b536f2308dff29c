using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Server.Api;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Streaming;

/// <summary>
/// <c>GET /v1/stream</c>: a WebSocket of 16 kHz mono samples in (binary frames, PCM16 or float32 little-endian) and
/// JSON events out — <c>partial</c>, <c>final</c>, <c>stats</c> (after each final), <c>error</c> — then, after the
/// client's <c>{"type":"stop"}</c> (or when the server stops), the remaining finals, <c>done</c> and a normal close.
/// A client that drops the connection loses only its own unfinished utterance. This class admits and accepts the
/// connection; a <see cref="StreamSession"/> runs it.
/// </summary>
internal static class StreamEndpoint
{
    /// <summary>Admits a WebSocket connection (this one, /v1/realtime) under the stream bound; the refusal otherwise.</summary>
    public static ApiError? Admit(ServerContext server) => server.Streams.TryEnter() switch
    {
        AdmissionResult.ShuttingDown => ApiError.ShuttingDown(),
        AdmissionResult.Busy => ApiError.Busy($"the server is busy ({server.Streams.Capacity} streams open); retry later", server.RetryAfterSeconds()),
        _ => null,
    };

    public static async Task<IResult> HandleAsync(HttpContext http, ServerContext server)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ApiError.BadRequest("GET /v1/stream is a WebSocket: connect with ws://HOST/v1/stream?encoding=pcm16").ToResult();
        }

        if (StreamEndpoint.Admit(server) is { } refused)
        {
            return refused.ToResult();
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

            await new StreamSession(socket, events, query, server, http.RequestAborted).RunAsync().ConfigureAwait(false);
            return Results.Empty;
        }
        finally
        {
            server.Streams.Exit();
        }
    }
}
