using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceFlow.Core.Transcripts;

/// <summary>JSON with snake_case names, indented by two spaces, UTF-8 text unescaped.</summary>
public sealed class JsonTranscriptWriter : ITranscriptWriter
{
    // Relaxed escaping keeps "don't" and "café" readable; the output is a file, never embedded in HTML.
    private static readonly TranscriptJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    });

    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(JsonSerializer.Serialize(result, Context.TranscriptResult));
        output.Write('\n');
    }

    /// <summary>Reads a result written by this writer.</summary>
    public static TranscriptResult? Read(string json) => JsonSerializer.Deserialize(json, Context.TranscriptResult);
}

[JsonSerializable(typeof(TranscriptResult))]
internal sealed partial class TranscriptJsonContext : JsonSerializerContext;
