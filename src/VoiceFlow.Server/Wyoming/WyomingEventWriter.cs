using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;

namespace VoiceFlow.Server.Wyoming;

/// <summary>Writes Wyoming events: one JSON header line with the event's <c>data</c> inline (no payload is ever sent).</summary>
internal sealed class WyomingEventWriter(PipeWriter output)
{
    public async Task WriteAsync(string type, JsonObject? data, CancellationToken cancellationToken)
    {
        var header = new JsonObject { ["type"] = type, ["data"] = data ?? [] };
        output.Write(Encoding.UTF8.GetBytes(header.ToJsonString() + "\n"));
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wyoming's <c>error</c> event: <c>{"text", "code"}</c>.</summary>
    public Task ErrorAsync(string text, string code, CancellationToken cancellationToken) =>
        WriteAsync("error", new JsonObject { ["text"] = text, ["code"] = code }, cancellationToken);
}
