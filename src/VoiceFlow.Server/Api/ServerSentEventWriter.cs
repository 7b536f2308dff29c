using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace VoiceFlow.Server.Api;

/// <summary>
/// Writes a <c>text/event-stream</c> response as OpenAI does: each event one <c>data: {json}</c> line and a blank line,
/// flushed at once. The headers go out with the first event, so a request that fails before any event can still be
/// answered with an ordinary JSON error and status.
/// </summary>
internal sealed class ServerSentEventWriter(HttpResponse response)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>Whether the stream (status 200 and its headers) has begun.</summary>
    public bool Started { get; private set; }

    public async Task WriteAsync<T>(T message, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (!Started)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
            Started = true;
        }

        var body = response.BodyWriter;
        body.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(body))
        {
            JsonSerializer.Serialize(json, message, type);
        }

        body.Write(EventEnd);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
