using VoiceFlow.Core.Platform;

namespace VoiceFlow.PulseAudio;

/// <summary>Which PulseAudio server a client talks to, and how to name it in messages.</summary>
internal static class PulseServerAddress
{
    /// <summary>
    /// The address as a user would look for it: the explicit one, else what libpulse will resolve
    /// (PULSE_SERVER, else the per-user socket under XDG_RUNTIME_DIR).
    /// </summary>
    public static string Describe(string? server)
    {
        if (!string.IsNullOrEmpty(server))
        {
            return server;
        }

        if (Environment.GetEnvironmentVariable("PULSE_SERVER") is { Length: > 0 } fromEnvironment)
        {
            return $"{fromEnvironment} (from PULSE_SERVER)";
        }

        return XdgDirectories.Process.RuntimeDirectory is { } runtime
            ? $"unix:{Path.Combine(runtime, "pulse", "native")} (the session's default)"
            : "the session's default server (XDG_RUNTIME_DIR is not set)";
    }
}
