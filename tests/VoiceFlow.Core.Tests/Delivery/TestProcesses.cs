using System.Diagnostics;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>What the desktop test harnesses (Xvfb, sway, their windows) share: running a tool, reading typed lines, stopping a process.</summary>
internal static class TestProcesses
{
    /// <summary>Runs <paramref name="command"/> with <paramref name="environment"/> added, and returns its stdout (15 s bound).</summary>
    public static string Run(string command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', arguments)} did not finish within 15 s");
        }

        return output.Result;
    }

    /// <summary>The complete lines in <paramref name="file"/> once there are <paramref name="lines"/> of them (or after 10 s).</summary>
    public static IReadOnlyList<string> WaitForLines(string file, int lines)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            string text = File.Exists(file) ? File.ReadAllText(file) : "";
            var complete = text.Split('\n')[..^1];
            if (complete.Length >= lines || DateTime.UtcNow > deadline)
            {
                return complete;
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Kills <paramref name="process"/> (and its children) if it still runs, then disposes it.</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
