using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using VoiceFlow.Core.Errors;
using VoiceFlow.Server.Hosting;

namespace VoiceFlow.Server.Api;

/// <summary>An error in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>, with its HTTP status.</summary>
internal sealed record ApiError(int Status, string Message, string Type, string? Param, string Code)
{
    /// <summary>Seconds a client should wait before retrying (429, 503), sent as Retry-After.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiError BadRequest(string message, string? param = null, string code = "invalid_request") =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static ApiError TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, message, "invalid_request_error", "file", "file_too_large");

    public static ApiError Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, message, "invalid_request_error", null, "invalid_api_key");

    public static ApiError Forbidden(string message) =>
        new(StatusCodes.Status403Forbidden, message, "invalid_request_error", null, "forbidden_origin");

    public static ApiError MisdirectedHost(string message) =>
        new(StatusCodes.Status421MisdirectedRequest, message, "invalid_request_error", null, "misdirected_host");

    public static ApiError NotFound(string message) =>
        new(StatusCodes.Status404NotFound, message, "invalid_request_error", null, "not_found");

    public static ApiError Busy(string message, int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, message, "rate_limit_error", null, "server_busy") { RetryAfterSeconds = retryAfterSeconds };

    public static ApiError ShuttingDown() =>
        new(StatusCodes.Status503ServiceUnavailable, "the server is shutting down; retry against the restarted server", "server_error", null, "shutting_down") { RetryAfterSeconds = 5 };

    /// <summary>
    /// Any VoiceFlow error, with the HTTP status of its kind (<see cref="VoiceFlowErrorKinds.HttpStatus"/>) and the kind's
    /// name as the code: a client error type below 500, a server error from 500 on.
    /// </summary>
    public static ApiError Of(VoiceFlowException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        int status = VoiceFlowErrorKinds.HttpStatus(exception.Kind);
        string code = VoiceFlowErrorKinds.WireName(exception.Kind).Replace('-', '_');
        return new(status, exception.Message, status < 500 ? "invalid_request_error" : "server_error", null, code);
    }

    public static ApiError Internal(string message) =>
        new(StatusCodes.Status500InternalServerError, message, "server_error", null, "internal_error");

    /// <summary>Writes the error as the response (status, Retry-After, JSON body).</summary>
    public Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        RequestLogging.NoteError(context, Message);
        if (RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(Message, Type, Param, Code)), ServerJson.Default.ErrorEnvelope, cancellationToken: context.RequestAborted);
    }

    /// <summary>The result form, for endpoint handlers.</summary>
    public IResult ToResult() => new ApiErrorResult(this);

    private sealed class ApiErrorResult(ApiError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => error.WriteAsync(httpContext);
    }
}

internal sealed record ErrorEnvelope(ErrorBody Error);

internal sealed record ErrorBody(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    string Code);
