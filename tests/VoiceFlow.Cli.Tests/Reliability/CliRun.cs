using System.Diagnostics;
using System.Globalization;

namespace VoiceFlow.Cli.Tests.Reliability;

/// <summary>What one CLI run did: exit code, output, error text, time and memory.</summary>
public sealed record CliOutcome(int ExitCode, string Output, string Error, TimeSpan Elapsed, long AllocatedBytes, long PeakRssKilobytes);

/// <summary>Runs the real CLI on one command line, in-process or as a child process, under a time bound.</summary>
internal static class CliRun
{
    /// <summary>No single bad input may take longer than this.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A child process also starts a runtime and loads an engine: quiet, under 3 s; on a loaded machine (a full run
    /// beside other builds) 11–13 s was seen for inputs that fail at once. Still far from a hang (killed at 30 s).
    /// </summary>
    public static readonly TimeSpan ChildTimeBound = TimeSpan.FromSeconds(20);

    /// <summary>No history: these runs must not write to the user's history, nor warn that they cannot.</summary>
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal) { ["VOICEFLOW_HISTORY_ENABLED"] = "false" };

    /// <summary>
    /// Runs <see cref="CliApplication.RunAsync(string[], TextWriter, TextWriter, IReadOnlyDictionary{string, string}?)"/>;
    /// the allocated bytes are process-wide, so callers that assert on them must not run beside other tests.
    /// </summary>
    public static Task<CliOutcome> InProcessAsync(params string[] args) => InProcessAsync(TimeBound * 3, args);

    /// <summary>Like <see cref="InProcessAsync(string[])"/>, failing (instead of hanging) after <paramref name="limit"/>.</summary>
    public static async Task<CliOutcome> InProcessAsync(TimeSpan limit, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var run = CliApplication.RunAsync(args, output, error, Environment);
        int exit = await run.WaitAsync(limit, TestContext.Current.CancellationToken);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return new CliOutcome(exit, output.ToString(), error.ToString(), clock.Elapsed, allocated, 0);
    }

    /// <summary>
    /// Runs <c>dotnet voiceflow.dll ARGS</c> (the CLI beside this test assembly) under GNU time, to see the real
    /// exit code, what a user sees on stderr and the peak resident memory. Killed if it outlives the time bound.
    /// </summary>
    public static async Task<CliOutcome> ChildAsync(params string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "voiceflow.dll");
        string rssFile = Path.Combine(Path.GetTempPath(), $"vf-rss-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-f", "%M", "-o", rssFile, "dotnet", cli, .. args])
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The child has the real HOME: it must not write the user's history.
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/time");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeBound * 3);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"voiceflow {string.Join(' ', args)} did not finish within {TimeBound * 3}");
        }

        long rss = 0;
        if (File.Exists(rssFile))
        {
            _ = long.TryParse(File.ReadAllText(rssFile).Trim().Split('\n')[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out rss);
            File.Delete(rssFile);
        }

        return new CliOutcome(process.ExitCode, await output, await error, clock.Elapsed, 0, rss);
    }
}
