using Microsoft.Extensions.Logging;

namespace VoiceFlow.Server.Hosting;

/// <summary>The server's log messages.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "history: could not store the transcription of {Source}: {Problem}")]
    public static partial void HistoryFailed(ILogger logger, string source, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Milliseconds:0} ms")]
    public static partial void Request(ILogger logger, string method, string path, int status, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} {Status} {Milliseconds:0} ms: {Cause}")]
    public static partial void RequestRefused(ILogger logger, string method, string path, int status, double milliseconds, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path}: request failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stream: {Problem}")]
    public static partial void StreamFailed(ILogger logger, string problem);
}
