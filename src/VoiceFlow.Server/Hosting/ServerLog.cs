using Microsoft.Extensions.Logging;

namespace VoiceFlow.Server.Hosting;

/// <summary>The server's log messages.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "history: could not store the transcription of {Source}: {Problem}")]
    public static partial void HistoryFailed(ILogger logger, string source, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path}: request failed")]
    public static partial void RequestFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stream: {Problem}")]
    public static partial void StreamFailed(ILogger logger, string problem);
}
