using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Configuration;

/// <summary>
/// The environment variables the CLI reads configuration from: the process's, unless a caller (a test running the
/// CLI in-process) supplies its own for the duration of one run. Flows with the async call, so parallel runs do not mix.
/// </summary>
internal static class CliEnvironment
{
    private static readonly AsyncLocal<IReadOnlyDictionary<string, string>?> s_override = new();

    /// <summary>The variables in effect for the current run.</summary>
    public static IReadOnlyDictionary<string, string> Variables => s_override.Value ?? ConfigurationRequest.ProcessEnvironment();

    /// <summary>Makes <paramref name="variables"/> the environment until the returned scope is disposed; null keeps the process's.</summary>
    public static IDisposable Use(IReadOnlyDictionary<string, string>? variables)
    {
        var scope = new Scope(s_override.Value);
        s_override.Value = variables;
        return scope;
    }

    private sealed class Scope(IReadOnlyDictionary<string, string>? previous) : IDisposable
    {
        public void Dispose() => s_override.Value = previous;
    }
}
