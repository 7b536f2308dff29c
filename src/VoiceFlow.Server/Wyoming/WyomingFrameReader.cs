using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoiceFlow.Server.Wyoming;

/// <summary>
/// Reads Wyoming frames from a connection's buffer: a JSON header line (<c>type</c>, <c>data</c>, <c>data_length</c>,
/// <c>payload_length</c>), then <c>data_length</c> bytes of JSON merged into <c>data</c>, then <c>payload_length</c>
/// bytes of payload. Frames split across packets wait for their rest; every length is checked against its limit
/// before anything waits for (and so buffers) it, which bounds a connection's memory whatever the client claims.
/// </summary>
internal static class WyomingFrameReader
{
    /// <summary>Longest header line.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Most additional data.</summary>
    public const int MaxDataBytes = 64 * 1024;

    /// <summary>Largest payload (an audio chunk; Home Assistant sends a few kilobytes).</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>
    /// Takes the next whole frame off the front of <paramref name="buffer"/>. False with no problem: more bytes are
    /// needed. False with a problem: the frame is bad (a fatal one leaves the stream impossible to follow).
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out WyomingFrame frame, out WyomingFrameProblem? problem)
    {
        frame = default;
        problem = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> headerBytes, (byte)'\n'))
        {
            if (buffer.Length > MaxHeaderBytes)
            {
                problem = new WyomingFrameProblem($"the header line is longer than {MaxHeaderBytes} bytes", "header_too_long", Fatal: true);
            }

            return false;
        }

        if (headerBytes.Length > MaxHeaderBytes)
        {
            problem = new WyomingFrameProblem($"the header line is longer than {MaxHeaderBytes} bytes", "header_too_long", Fatal: true);
            return false;
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw new JsonException("the header is not a JSON object");
        }
        catch (JsonException ex)
        {
            // The line is skipped: a client that sent one bad line can go on.
            buffer = buffer.Slice(reader.Position);
            problem = new WyomingFrameProblem($"the header line is not a JSON object: {ex.Message}", "invalid_header", Fatal: false);
            return false;
        }

        if (!TryLength(header, "data_length", MaxDataBytes, out long dataLength, out problem)
            || !TryLength(header, "payload_length", MaxPayloadBytes, out long payloadLength, out problem))
        {
            return false;
        }

        if (reader.Remaining < dataLength + payloadLength)
        {
            return false; // wait for the rest of the frame
        }

        var data = header["data"] as JsonObject ?? [];
        if (dataLength > 0)
        {
            var extra = reader.UnreadSequence.Slice(0, dataLength);
            try
            {
                if (JsonNode.Parse(extra.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is not JsonObject additional)
                {
                    throw new JsonException("the additional data is not a JSON object");
                }

                foreach (var (name, value) in additional.ToList())
                {
                    additional.Remove(name);
                    data[name] = value;
                }
            }
            catch (JsonException ex)
            {
                buffer = buffer.Slice(reader.Position).Slice(dataLength + payloadLength);
                problem = new WyomingFrameProblem($"the additional data is not a JSON object: {ex.Message}", "invalid_data", Fatal: false);
                return false;
            }

            reader.Advance(dataLength);
        }

        var payload = reader.UnreadSequence.Slice(0, payloadLength);
        reader.Advance(payloadLength);
        buffer = buffer.Slice(reader.Position);
        if (header["type"] is not JsonValue typeValue || !typeValue.TryGetValue(out string? type) || string.IsNullOrEmpty(type))
        {
            problem = new WyomingFrameProblem("the header has no string \"type\"", "invalid_header", Fatal: false);
            return false;
        }

        header.Remove("data");
        frame = new WyomingFrame(type, data, payload);
        return true;
    }

    private static bool TryLength(JsonObject header, string name, int limit, out long length, out WyomingFrameProblem? problem)
    {
        length = 0;
        problem = null;
        if (header[name] is null)
        {
            return true;
        }

        if (header[name] is not JsonValue value || !value.TryGetValue(out length) || length < 0)
        {
            problem = new WyomingFrameProblem($"{name} must be a whole number of bytes, not {header[name]!.ToJsonString()}", "invalid_length", Fatal: true);
            return false;
        }

        if (length > limit)
        {
            problem = new WyomingFrameProblem($"{name} {length} is over this server's limit of {limit} bytes", "too_large", Fatal: true);
            return false;
        }

        return true;
    }
}
