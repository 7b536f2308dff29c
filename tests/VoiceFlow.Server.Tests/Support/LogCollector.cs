using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>A logger provider that keeps every formatted event (level, category, message, exception) for assertions.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedEvent> _events = new();

    public IReadOnlyList<LoggedEvent> Events => [.. _events];

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, _events);

    public void Dispose()
    {
    }

    private sealed class Collecting(string category, ConcurrentQueue<LoggedEvent> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue(new LoggedEvent(logLevel, category, formatter(state, exception), exception));
    }
}

internal sealed record LoggedEvent(LogLevel Level, string Category, string Message, Exception? Exception);
