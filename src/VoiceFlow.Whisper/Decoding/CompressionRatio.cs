using System.IO.Compression;
using System.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// OpenAI Whisper's repetition detector: UTF-8 length divided by zlib-compressed length. Looping output such as
/// "the the the ..." compresses far better than speech (ratio above about 2.4).
/// </summary>
public static class CompressionRatio
{
    /// <summary>Compression ratio of <paramref name="text"/>; 0 for empty text.</summary>
    public static double Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return 0;
        }

        using var buffer = new MemoryStream(bytes.Length / 2 + 16);
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return (double)bytes.Length / buffer.Length;
    }
}
