using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c>, OpenAI-compatible. The upload is held in memory (never written under a name the
/// client chose), decoded from a stream, and transcribed by the shared service; past the admission bound a request is
/// refused at once with 429 and Retry-After.
/// </summary>
internal static class TranscriptionEndpoint
{
    /// <summary>Room for the multipart boundaries and the other fields around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext http, ServerContext server)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        switch (server.Uploads.TryEnter())
        {
            case AdmissionResult.ShuttingDown:
                return ApiError.ShuttingDown().ToResult();
            case AdmissionResult.Busy:
                return ApiError.Busy($"the server is busy ({server.Uploads.Capacity} transcriptions running or queued); retry later", server.RetryAfterSeconds()).ToResult();
        }

        try
        {
            return await TranscribeAsync(http, server).ConfigureAwait(false);
        }
        finally
        {
            server.Uploads.Exit();
        }
    }

    private static async Task<IResult> TranscribeAsync(HttpContext http, ServerContext server)
    {
        long maxUpload = server.Options.ServerMaxUploadBytes;
        var request = http.Request;
        if (request.ContentLength > maxUpload + FormOverheadBytes)
        {
            return ApiError.TooLarge($"the request is {request.ContentLength} bytes; this server accepts files of at most {maxUpload} bytes (server_max_upload_bytes)").ToResult();
        }

        if (!request.HasFormContentType)
        {
            return ApiError.BadRequest("expected a multipart/form-data body with the audio in field 'file'", "file", "missing_file").ToResult();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxUpload + FormOverheadBytes;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiError.TooLarge($"the request is larger than the {maxUpload} bytes this server accepts (server_max_upload_bytes)").ToResult();
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return ApiError.TooLarge($"the upload is larger than the {maxUpload} bytes this server accepts (server_max_upload_bytes)").ToResult();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ApiError.BadRequest($"the multipart/form-data body cannot be read: {ex.Message}").ToResult();
        }

        var (parsed, error) = TranscriptionRequest.From(form, maxUpload);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (!ModelsEndpoint.Serves(server, parsed!.Model))
        {
            return ApiError.BadRequest(
                $"model '{parsed.Model}' is not loaded; this server serves '{ModelsEndpoint.ModelId(server)}' (see GET /v1/models)", "model", "model_not_found").ToResult();
        }

        var job = new TranscriptionJobOptions
        {
            Engine = parsed.EngineOptions(server.Options.ToTranscriptionOptions()),
            PostProcessing = PostProcessingOptions.From(server.Options),
            SourceName = "upload",
        };

        TranscriptionResult result;
        try
        {
            await using var audio = parsed.File.OpenReadStream();
            result = await server.Service.TranscribeStreamAsync(audio, job, http.RequestAborted).ConfigureAwait(false);
        }
        catch (EngineBusyException ex)
        {
            return ApiError.Busy(ex.Message, server.RetryAfterSeconds()).ToResult();
        }
        catch (Exception ex) when (ex is AudioFormatException or AudioValidationException)
        {
            return ApiError.BadRequest(ex.Message, "file", "invalid_audio").ToResult();
        }
        catch (ConfigurationException ex)
        {
            return ApiError.BadRequest(ex.Message).ToResult();
        }

        await server.RecordHistoryAsync(result, "server", parsed.DisplayName).ConfigureAwait(false);
        return ResponseFormats.Render(result, parsed.Format, parsed.WordTimestamps);
    }
}
