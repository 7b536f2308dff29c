using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace VoiceFlow.Hosting.Logging;

/// <summary>How much a command logs: <c>--quiet</c> (warnings and errors), the default (information), <c>--verbose</c> (debug).</summary>
public enum LogVerbosity
{
    /// <summary>Warnings and errors only.</summary>
    Quiet,

    /// <summary>Information and above.</summary>
    Normal,

    /// <summary>Everything, down to debug.</summary>
    Verbose,
}

/// <summary>
/// The one logger factory of a process: Microsoft.Extensions.Logging's simple console formatter, one line per event,
/// always on stderr (stdout carries transcripts and delivered text).
/// </summary>
public static class VoiceFlowLogging
{
    /// <summary>A factory at <paramref name="verbosity"/> writing single-line, time-stamped events to stderr.</summary>
    public static ILoggerFactory Create(LogVerbosity verbosity) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(verbosity switch
        {
            LogVerbosity.Quiet => LogLevel.Warning,
            LogVerbosity.Verbose => LogLevel.Debug,
            _ => LogLevel.Information,
        })
        // ASP.NET Core's own chatter stays at warning unless --verbose: the server logs its requests itself.
        .AddFilter("Microsoft", verbosity == LogVerbosity.Verbose ? LogLevel.Debug : LogLevel.Warning)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
