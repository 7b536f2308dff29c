using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace VoiceFlow.Dictation.Protocol;

/// <summary>Line-delimited JSON framing: one UTF-8 JSON object per line, each line at most a bounded size.</summary>
internal static class DictationWire
{
    /// <summary>Requests are tiny; anything longer is not a request.</summary>
    public const int MaxRequestBytes = 4096;

    /// <summary>A response carries the dictated text (a 4-hour recording's text fits comfortably).</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    public static Task WriteRequestAsync(Stream stream, DictationRequest request, CancellationToken cancellationToken) =>
        WriteAsync(stream, request, DictationJsonContext.Default.DictationRequest, cancellationToken);

    public static Task WriteResponseAsync(Stream stream, DictationResponse response, CancellationToken cancellationToken) =>
        WriteAsync(stream, response, DictationJsonContext.Default.DictationResponse, cancellationToken);

    /// <summary>Parses one request line.</summary>
    /// <exception cref="DictationException">Not a JSON request object.</exception>
    public static DictationRequest ParseRequest(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, DictationJsonContext.Default.DictationRequest) is { Command: not null } request
                ? request
                : throw new DictationException("request has no \"command\" field");
        }
        catch (JsonException ex)
        {
            throw new DictationException($"request is not a JSON object like {{\"command\":\"status\"}}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses one response line.</summary>
    /// <exception cref="DictationException">Not a JSON response object.</exception>
    public static DictationResponse ParseResponse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, DictationJsonContext.Default.DictationResponse)
                ?? throw new DictationException("the dictation daemon answered null");
        }
        catch (JsonException ex)
        {
            throw new DictationException($"the dictation daemon's answer is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads up to and excluding the next '\n'. Returns null at end of stream before any byte.
    /// </summary>
    /// <exception cref="DictationException">The line is longer than <paramref name="maxBytes"/>, or the stream ends mid-line.</exception>
    public static async Task<byte[]?> ReadLineAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        byte[] one = new byte[1024];
        while (true)
        {
            // Byte-wise reads would be slow for 4 MB answers; a chunk read may run past '\n' only if the peer
            // pipelines, which this protocol (one answer per request) never does.
            int read = await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return line.Length == 0 ? null : throw new DictationException("the connection closed in the middle of a line");
            }

            int newline = Array.IndexOf(one, (byte)'\n', 0, read);
            int take = newline < 0 ? read : newline;
            if (line.Length + take > maxBytes)
            {
                throw new DictationException($"a protocol line is longer than {maxBytes} bytes");
            }

            line.Write(one, 0, take);
            if (newline >= 0)
            {
                return line.ToArray();
            }
        }
    }

    private static async Task WriteAsync<T>(Stream stream, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, type);
        byte[] line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The line as text, for messages.</summary>
    public static string Describe(byte[] line) => Encoding.UTF8.GetString(line, 0, Math.Min(line.Length, 200));
}
