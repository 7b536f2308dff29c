using Microsoft.AspNetCore.Http;

namespace VoiceFlow.Server.Streaming;

/// <summary>Sample encodings the stream accepts.</summary>
internal enum StreamEncoding
{
    Pcm16,
    Float32,
}

/// <summary>The stream's query: <c>?encoding=pcm16|float32&amp;language=xx&amp;task=transcribe|translate&amp;sample_rate=16000</c>, checked.</summary>
internal sealed record StreamQuery(StreamEncoding Encoding, string? Language)
{
    /// <summary><c>task=translate</c> (true) or <c>task=transcribe</c> (false); null keeps the server's <c>task</c>.</summary>
    public bool? Translate { get; init; }

    public const int SampleRate = 16_000;

    /// <summary>The query, or the one-line problem with it.</summary>
    public static (StreamQuery? Query, string? Problem) From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? encodingText = query["encoding"].LastOrDefault();
        StreamEncoding? encoding = encodingText switch
        {
            null or "" or "pcm16" => StreamEncoding.Pcm16,
            "float32" => StreamEncoding.Float32,
            _ => null,
        };
        if (encoding is null)
        {
            return (null, $"encoding '{encodingText}' is not supported (allowed: pcm16, float32)");
        }

        string? rate = query["sample_rate"].LastOrDefault();
        if (!string.IsNullOrEmpty(rate) && rate != "16000")
        {
            return (null, $"sample_rate {rate} is not supported: send 16000 Hz mono samples (resample in the client)");
        }

        string? language = query["language"].LastOrDefault();
        if (!string.IsNullOrEmpty(language) && !(language == "auto" || (language.Length is 2 or 3 && language.All(char.IsAsciiLetterLower))))
        {
            return (null, $"language '{language}' is not an ISO 639-1 code such as 'en' (or 'auto')");
        }

        string? task = query["task"].LastOrDefault();
        bool? translate = task switch
        {
            null or "" => null,
            "transcribe" => false,
            "translate" => true,
            _ => (bool?)null,
        };
        if (!string.IsNullOrEmpty(task) && translate is null)
        {
            return (null, $"task '{task}' is not supported (allowed: transcribe, translate)");
        }

        return (new StreamQuery(encoding.Value, string.IsNullOrEmpty(language) ? null : language) { Translate = translate }, null);
    }
}
