using System.Globalization;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Server.Api;

/// <summary>The fields of an OpenAI-style <c>POST /v1/audio/transcriptions</c> form, checked.</summary>
internal sealed record TranscriptionRequest(
    IFormFile File,
    string? Model,
    string? Language,
    string? Prompt,
    float? Temperature,
    ResponseFormat Format,
    bool WordTimestamps,
    bool Stream)
{
    private const int MaxPromptLength = 1000;

    /// <summary>Reads and checks the form; an <see cref="ApiError"/> names the first bad field.</summary>
    public static (TranscriptionRequest? Request, ApiError? Error) From(IFormCollection form, long maxUploadBytes)
    {
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return (null, ApiError.BadRequest("the form has no 'file' field: send the audio as multipart/form-data field 'file'", "file", "missing_file"));
        }

        if (file.Length > maxUploadBytes)
        {
            return (null, ApiError.TooLarge($"the file is {file.Length} bytes; this server accepts at most {maxUploadBytes} bytes (server_max_upload_bytes)"));
        }

        if (file.Length == 0)
        {
            return (null, ApiError.BadRequest("the uploaded file is empty", "file", "invalid_audio"));
        }

        if (!ResponseFormats.TryParse(Single(form, "response_format"), out var format))
        {
            return (null, ApiError.BadRequest(
                $"response_format '{Single(form, "response_format")}' is not supported (allowed: {string.Join(", ", ResponseFormats.Names)})", "response_format", "invalid_value"));
        }

        string? language = Single(form, "language");
        if (language is not null && !(language == "auto" || (language.Length is 2 or 3 && language.All(char.IsAsciiLetterLower))))
        {
            return (null, ApiError.BadRequest($"language '{language}' is not an ISO 639-1 code such as 'en' (or 'auto')", "language", "invalid_value"));
        }

        string? prompt = Single(form, "prompt");
        if (prompt is { Length: > MaxPromptLength })
        {
            return (null, ApiError.BadRequest($"prompt is {prompt.Length} characters; at most {MaxPromptLength} are allowed", "prompt", "invalid_value"));
        }

        float? temperature = null;
        if (Single(form, "temperature") is { } text)
        {
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float t) || !(t is >= 0 and <= 1))
            {
                return (null, ApiError.BadRequest($"temperature '{text}' is not a number from 0 to 1", "temperature", "invalid_value"));
            }

            temperature = t;
        }

        bool words = false;
        foreach (string? granularity in form["timestamp_granularities[]"].Concat(form["timestamp_granularities"]))
        {
            switch (granularity)
            {
                case "word":
                    words = true;
                    break;
                case "segment":
                    break;
                default:
                    return (null, ApiError.BadRequest($"timestamp_granularities[] '{granularity}' is not supported (allowed: word, segment)", "timestamp_granularities[]", "invalid_value"));
            }
        }

        if (words && format != ResponseFormat.VerboseJson)
        {
            return (null, ApiError.BadRequest("timestamp_granularities[]=word needs response_format=verbose_json", "timestamp_granularities[]", "invalid_value"));
        }

        bool stream = false;
        if (Single(form, "stream") is { } streamText)
        {
            if (!bool.TryParse(streamText, out stream))
            {
                return (null, ApiError.BadRequest($"stream '{streamText}' is not true or false", "stream", "invalid_value"));
            }

            if (stream && format is not (ResponseFormat.Json or ResponseFormat.Text))
            {
                return (null, ApiError.BadRequest(
                    $"stream=true answers with server-sent events of text; response_format '{Single(form, "response_format")}' cannot be streamed (use json or text)", "stream", "invalid_value"));
            }
        }

        return (new TranscriptionRequest(file, Single(form, "model"), language, prompt, temperature, format, words, stream), null);
    }

    /// <summary>The engine options for this request: the server's, with the request's language, prompt and temperature.</summary>
    public TranscriptionOptions EngineOptions(TranscriptionOptions defaults) => defaults with
    {
        Language = Language ?? defaults.Language,
        Prompt = string.IsNullOrWhiteSpace(Prompt) ? defaults.Prompt : Prompt,
        Temperature = Temperature ?? defaults.Temperature,
        TokenTimestamps = defaults.TokenTimestamps || WordTimestamps,
        WordTimestamps = defaults.WordTimestamps || WordTimestamps,
    };

    /// <summary>A client's file name fit for logs and history: no folders, no control characters, bounded.</summary>
    public string DisplayName
    {
        get
        {
            string name = Path.GetFileName(File.FileName ?? "");
            name = new string([.. name.Where(c => !char.IsControl(c)).Take(120)]);
            return name.Length == 0 ? "upload" : name;
        }
    }

    private static string? Single(IFormCollection form, string key) =>
        form.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[^1]) ? values[^1] : null;
}
