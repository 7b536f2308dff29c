using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VoiceFlow.Server.Api;

namespace VoiceFlow.Server.Hosting;

/// <summary>
/// The outermost middleware: one log line per request (method, path, status, milliseconds, and for a refused or failed
/// request the cause the client was told), and the last guard against an exception no endpoint caught: it is logged with
/// its stack and answered as a 500 with an OpenAI-shaped JSON body, never an empty one.
/// </summary>
internal static class RequestLogging
{
    /// <summary>Where <see cref="ApiError"/> leaves the message it answered with, for the request's log line.</summary>
    private static readonly object s_errorKey = new();

    /// <summary>Notes the cause sent to the client so the request's log line can name it.</summary>
    public static void NoteError(HttpContext http, string message) => http.Items[s_errorKey] = message;

    public static async Task InvokeAsync(HttpContext http, RequestDelegate next, ILogger logger)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            ServerLog.RequestFailed(logger, http.Request.Method, http.Request.Path, ex);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                await ApiError.Internal($"the server failed on this request: {ex.Message}").WriteAsync(http).ConfigureAwait(false);
            }
        }
        finally
        {
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            int status = http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted ? 499 : http.Response.StatusCode;
            string? cause = http.Items.TryGetValue(s_errorKey, out object? noted) ? noted as string : null;
            if (cause is null)
            {
                ServerLog.Request(logger, http.Request.Method, http.Request.Path, status, ms);
            }
            else
            {
                ServerLog.RequestRefused(logger, http.Request.Method, http.Request.Path, status, ms, cause);
            }
        }
    }
}
