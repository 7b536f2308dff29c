using System.Diagnostics;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>
/// Runs the official npm clients (tests/npm: the <c>openai</c> package and <c>ws</c>, installed by scripts/test through
/// scripts/lib/common.sh) with node. Without them the tests are skipped, unless VOICEFLOW_NPM_TESTS=required (as
/// scripts/test sets it), where their absence fails.
/// </summary>
internal static class NpmClients
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Folder => Path.Combine(Speech.RepositoryRootPath, "tests", "npm");

    /// <summary>Skips (or, when required, fails) a test whose npm client is not installed.</summary>
    public static void EnsureInstalled()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "openai")))
        {
            return;
        }

        const string Missing = "the npm clients are not installed: run scripts/test, or npm ci --prefix tests/npm";
        if (Environment.GetEnvironmentVariable("VOICEFLOW_NPM_TESTS") == "required")
        {
            Assert.Fail(Missing);
        }

        Assert.Skip(Missing);
    }

    /// <summary>Runs <c>node tests/npm/SCRIPT ARGS…</c> (bounded in time) and returns its standard output lines; a failure shows stderr.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string script, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        EnsureInstalled();
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tests talk to loopback only: no proxy may be configured for them.
        foreach (string proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY" })
        {
            start.Environment.Remove(proxy);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string stdout = await output;
        string stderr = await errors;
        Assert.True(process.ExitCode == 0, $"node {script} exited with {process.ExitCode}:\n{stderr}\n{stdout}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
