using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VoiceFlow.Cli;

/// <summary>The one way commands print JSON: indented, and with non-ASCII text (transcripts, device names) left readable.</summary>
internal static class CliJson
{
    /// <param name="write">Writes the value.</param>
    /// <param name="indented">False for one line (JSON Lines output).</param>
    public static string Render(Action<Utf8JsonWriter> write, bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
