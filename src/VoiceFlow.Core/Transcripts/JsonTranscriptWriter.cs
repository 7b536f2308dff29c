using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceFlow.Core.Transcripts;

/// <summary>JSON with snake_case names, indented by two spaces (or on one line: <see cref="Lines"/>), UTF-8 text unescaped.</summary>
public sealed class JsonTranscriptWriter : ITranscriptWriter
{
    private readonly bool _indented;

    /// <summary>The indented writer (one document per file).</summary>
    public JsonTranscriptWriter()
        : this(indented: true)
    {
    }

    private JsonTranscriptWriter(bool indented) => _indented = indented;

    /// <summary>One object per line: JSON Lines, for several results in one stream.</summary>
    public static JsonTranscriptWriter Lines { get; } = new(indented: false);

    // Relaxed escaping keeps "don't" and "café" readable; the output is a file, never embedded in HTML.
    private static readonly TranscriptJsonContext Context = new(Options(indented: true));

    private static readonly TranscriptJsonContext LineContext = new(Options(indented: false));

    private static JsonSerializerOptions Options(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public void Write(TranscriptResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(JsonSerializer.Serialize(result, (_indented ? Context : LineContext).TranscriptResult));
        output.Write('\n');
    }

    /// <summary>Reads a result written by this writer.</summary>
    public static TranscriptResult? Read(string json) => JsonSerializer.Deserialize(json, Context.TranscriptResult);
}

[JsonSerializable(typeof(TranscriptResult))]
internal sealed partial class TranscriptJsonContext : JsonSerializerContext;
