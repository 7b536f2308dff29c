using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace VoiceFlow.Server.Hosting;

/// <summary>
/// The caller's logger factory as ASP.NET Core sees it, less ASP.NET Core's own per-request lines: those print the full
/// URL, query string included, where a WebSocket client's <c>?api_key=</c> would be written to the log, and
/// <see cref="RequestLogging"/> already writes one line per request without it.
/// </summary>
internal sealed class ServerLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(HostingDiagnostics, StringComparison.Ordinal) ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The caller owns <c>inner</c>; the server's host must not dispose it.</summary>
    public void Dispose()
    {
    }
}
