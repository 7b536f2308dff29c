using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Server.Api;
using VoiceFlow.Server.Hosting;
using VoiceFlow.Server.Streaming;

namespace VoiceFlow.Server.Realtime;

/// <summary>
/// <c>GET /v1/realtime</c>: OpenAI's Realtime API in transcription mode (<c>?intent=transcription</c>, or
/// <c>?model=</c> one of the served names). Admits the connection under the stream limit, accepts the WebSocket
/// (choosing the <c>realtime</c> subprotocol browsers offer; the key may come as <c>openai-insecure-api-key.KEY</c>), and
/// runs a <see cref="RealtimeSession"/>.
/// </summary>
internal static class RealtimeEndpoint
{
    /// <summary>The subprotocol prefix browsers use to carry the key (they cannot set headers on a WebSocket).</summary>
    public const string KeySubprotocolPrefix = "openai-insecure-api-key.";

    public static async Task<IResult> HandleAsync(HttpContext http, ServerContext server)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ApiError.BadRequest("GET /v1/realtime is a WebSocket: connect with ws://HOST/v1/realtime?intent=transcription").ToResult();
        }

        if (StreamEndpoint.Admit(server) is { } refused)
        {
            return refused.ToResult();
        }

        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = ChooseSubprotocol(http.WebSockets.WebSocketRequestedProtocols) }).ConfigureAwait(false);
            using var writer = new StreamEventWriter(socket);
            var sink = new RealtimeEventSink(writer, server, http.RequestAborted);
            string model = http.Request.Query["model"].LastOrDefault() is { Length: > 0 } named ? named : ModelsEndpoint.ModelId(server);
            string? intent = http.Request.Query["intent"].LastOrDefault();
            var problem = !string.IsNullOrEmpty(intent) && intent != "transcription"
                ? new RealtimeProblem($"intent '{intent}' is not supported: this server only transcribes (?intent=transcription)", "intent", "invalid_value")
                : !ModelsEndpoint.Serves(server, model)
                    ? new RealtimeProblem($"model '{model}' is not served here: this server transcribes with '{ModelsEndpoint.ModelId(server)}' (also {string.Join(", ", ModelsEndpoint.OpenAiAliases)})", "model", "model_not_found")
                    : null;
            if (problem is not null)
            {
                await sink.ErrorAsync(problem, null).ConfigureAwait(false);
                await sink.CloseAsync(WebSocketCloseStatus.PolicyViolation, problem.Message).ConfigureAwait(false);
                return Results.Empty;
            }

            await new RealtimeSession(socket, sink, RealtimeSessionConfig.Default(model)).RunAsync().ConfigureAwait(false);
            return Results.Empty;
        }
        finally
        {
            server.Streams.Exit();
        }
    }

    /// <summary><c>realtime</c> when offered (browsers need one of theirs echoed), else the first offer that is not a key; never the key.</summary>
    private static string? ChooseSubprotocol(IList<string> offered)
    {
        if (offered.Contains("realtime"))
        {
            return "realtime";
        }

        return offered.FirstOrDefault(p => !p.StartsWith(KeySubprotocolPrefix, StringComparison.Ordinal));
    }
}
