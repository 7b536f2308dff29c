using Microsoft.AspNetCore.Http;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary>
/// <c>POST /v1/audio/translations</c>, OpenAI-compatible: speech in any language in, English text out (multilingual
/// Whisper models; an English-only model or PocketSphinx answers 400). OpenAI's form: <c>file</c>, <c>model</c>,
/// <c>prompt</c>, <c>response_format</c> (json, text, srt, verbose_json, vtt) and <c>temperature</c>; <c>language</c>
/// (the spoken language, default auto) and <c>timestamp_granularities[]</c> are accepted as on transcriptions.
/// Upload limits, admission and history are the transcription endpoint's.
/// </summary>
internal static class TranslationEndpoint
{
    public static Task<IResult> HandleAsync(HttpContext http, ServerContext server) =>
        TranscriptionEndpoint.HandleAsync(http, server, translate: true);

    /// <summary>The transcription form's checks, minus streaming (OpenAI's translations do not stream).</summary>
    public static (TranscriptionRequest? Request, ApiError? Error) Parse(IFormCollection form, long maxUploadBytes)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.TryGetValue("stream", out var stream) && stream.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, ApiError.BadRequest("stream=true is not supported on /v1/audio/translations (OpenAI's translations do not stream)", "stream", "invalid_value"));
        }

        var (request, error) = TranscriptionRequest.From(form, maxUploadBytes);

        // The spoken language is unknown unless the client says it: detect it rather than assume the server's default.
        return request is { Language: null } ? (request with { Language = "auto" }, null) : (request, error);
    }
}
