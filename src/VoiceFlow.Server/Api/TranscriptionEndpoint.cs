using Microsoft.AspNetCore.Http;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Transcripts;
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

    /// <summary>How much of an oversized request is read and dropped so that the client gets to read the 413.</summary>
    public static long DrainLimit(long maxUploadBytes) => (2 * maxUploadBytes) + (1024 * 1024);

    public static Task<IResult> HandleAsync(HttpContext http, ServerContext server) => HandleAsync(http, server, translate: false);

    /// <summary>Transcribes, or with <paramref name="translate"/> translates into English (<see cref="TranslationEndpoint"/>).</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, ServerContext server, bool translate)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        // A declared size over the limit is refused before admission: it costs no slot and never waits behind work.
        long maxUpload = server.Options.ServerMaxUploadBytes;
        if (http.Request.ContentLength > maxUpload + FormOverheadBytes)
        {
            await DrainAsync(http).ConfigureAwait(false);
            return ApiError.TooLarge($"the request is {http.Request.ContentLength} bytes; this server accepts files of at most {maxUpload} bytes (server_max_upload_bytes)").ToResult();
        }

        switch (server.Uploads.TryEnter())
        {
            case AdmissionResult.ShuttingDown:
                return ApiError.ShuttingDown().ToResult();
            case AdmissionResult.Busy:
                return ApiError.Busy($"the server is busy ({server.Uploads.Capacity} transcriptions running or queued); retry later", server.RetryAfterSeconds()).ToResult();
        }

        try
        {
            return await TranscribeAsync(http, server, translate).ConfigureAwait(false);
        }
        finally
        {
            server.Uploads.Exit();
        }
    }

    private static async Task<IResult> TranscribeAsync(HttpContext http, ServerContext server, bool translate)
    {
        long maxUpload = server.Options.ServerMaxUploadBytes;
        var request = http.Request;
        if (!request.HasFormContentType)
        {
            return ApiError.BadRequest("expected a multipart/form-data body with the audio in field 'file'", "file", "missing_file").ToResult();
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
            await DrainAsync(http).ConfigureAwait(false);
            return ApiError.TooLarge($"the upload is larger than the {maxUpload} bytes this server accepts (server_max_upload_bytes)").ToResult();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ApiError.BadRequest($"the multipart/form-data body cannot be read: {ex.Message}").ToResult();
        }

        var (parsed, error) = translate ? TranslationEndpoint.Parse(form, maxUpload) : TranscriptionRequest.From(form, maxUpload);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (!ModelsEndpoint.Serves(server, parsed!.Model))
        {
            return ModelsEndpoint.NotServed(server, parsed.Model).ToResult();
        }

        var job = new TranscriptionJobOptions
        {
            Engine = parsed.EngineOptions(server.Options.ToTranscriptionOptions()) with { Translate = translate },
            PostProcessing = PostProcessingOptions.From(server.Options),
            SourceName = "upload",
        };

        if (parsed.Stream)
        {
            return await TranscriptionEventStream.RunAsync(http, server, parsed, job).ConfigureAwait(false);
        }

        var (result, failure) = await RunJobAsync(http, server, parsed, job).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure.ToResult();
        }

        await server.RecordHistoryAsync(result!, "server", parsed.DisplayName).ConfigureAwait(false);
        return ResponseFormats.Render(result!, parsed.Format, parsed.WordTimestamps, translate ? "translate" : "transcribe", SubtitleOptions.From(server.Options));
    }

    /// <summary>Transcribes the uploaded file; a problem with the audio or the request comes back as the error to answer with.</summary>
    public static async Task<(TranscriptionResult? Result, ApiError? Error)> RunJobAsync(HttpContext http, ServerContext server, TranscriptionRequest parsed, TranscriptionJobOptions job)
    {
        try
        {
            await using var audio = parsed.File.OpenReadStream();
            return (await server.Service.TranscribeStreamAsync(audio, job, http.RequestAborted).ConfigureAwait(false), null);
        }
        catch (EngineBusyException ex)
        {
            return (null, ApiError.Busy(ex.Message, server.RetryAfterSeconds()));
        }
        catch (AudioTooLongException)
        {
            return (null, ApiError.BadRequest(
                $"the audio is longer than the {server.Options.ServerMaxAudioSeconds} s this server accepts (server_max_audio_seconds)", "file", "audio_too_long"));
        }
        catch (Exception ex) when (ex is AudioFormatException or AudioValidationException)
        {
            return (null, ApiError.BadRequest(ex.Message, "file", "invalid_audio"));
        }
        catch (UnsupportedRequestException ex)
        {
            // language=fr on an English-only engine: the request asks for what this server cannot do (400, not 500).
            return (null, ApiError.BadRequest(ex.Message, ex.Option, "unsupported_" + (ex.Option ?? "option")));
        }
        catch (VoiceFlowException ex)
        {
            return (null, ApiError.Of(ex));
        }
    }

    /// <summary>
    /// Reads and drops the rest of an oversized body (up to Kestrel's bound, <see cref="DrainLimit"/>) so an HTTP client
    /// still sending it reads the 413 instead of a reset connection; nothing is kept.
    /// </summary>
    private static async Task DrainAsync(HttpContext http)
    {
        byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await http.Request.Body.ReadAsync(scratch, http.RequestAborted).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the drain bound or the client went away: the connection closes after the 413.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
