using System.Text.Json;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.PocketSphinx;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary><c>voiceflow listen</c> and <c>voiceflow devices</c> in-process against a real PulseAudio server of the test's own.</summary>
public class ListenCommandTests
{
    [Fact]
    public async Task Listen_prints_each_utterance_on_its_own_line_and_ctrl_c_flushes_the_last_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var corpus = CorpusFixture.Get();
        RequirePocketSphinx();
        var first = corpus["s02-awb"];
        var second = corpus["s10-awb"];
        using var server = PulseAudioTestServer.Start();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var stdout = TextWriter.Synchronized(output);
        var stderr = TextWriter.Synchronized(error);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var run = CliApplication.RunAsync(
            ["listen", "--server", server.ServerAddress, "--source", PulseAudioTestServer.MonitorSource, "--engine", "pocketsphinx"],
            stdout, stderr, new Dictionary<string, string>(), stop.Token);
        await WaitUntilAsync(() => error.ToString().Contains("listening to", StringComparison.Ordinal) || run.IsCompleted, ct);
        Assert.False(run.IsCompleted, $"listen ended early: {error}");

        await server.PlayAsync(first.Path, ct);
        await WaitUntilAsync(() => Lines(output).Length == 1, ct); // the pause after the sentence ends the utterance
        await server.PlayAsync(second.Path, ct);
        await stop.CancelAsync(); // Ctrl+C right after the last word: no pause has ended this utterance yet
        int exit = await run.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.True(exit == 0, $"exit {exit}: {error}");
        var lines = Lines(output);
        Assert.Equal(2, lines.Length);
        AssertHeard(first.ReferenceText, lines[0]);
        AssertHeard(second.ReferenceText, lines[1]);
        Assert.DoesNotContain("\u001b", output.ToString(), StringComparison.Ordinal); // not a terminal: no partials, no escapes
    }

    [Fact]
    public async Task Listen_without_a_server_fails_with_the_capture_exit_code_naming_the_address()
    {
        string address = "unix:" + Path.Combine(Path.GetTempPath(), "voiceflow-no-server-" + Guid.NewGuid().ToString("N"), "native");
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await CliApplication.RunAsync(["listen", "--server", address, "--engine", "pocketsphinx"], output, error, new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        Assert.Equal(7, exit);
        Assert.Contains($"PulseAudio server not reachable at {address}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_with_an_unknown_source_suggests_listing_the_devices()
    {
        using var server = PulseAudioTestServer.Start();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await CliApplication.RunAsync(["listen", "--server", server.ServerAddress, "--source", "usb-mic-42"], output, error, new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        Assert.Equal(7, exit);
        Assert.Contains("'usb-mic-42' not found", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("voiceflow devices", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_lists_the_sources_with_the_default_marked_as_text_and_json()
    {
        using var server = PulseAudioTestServer.Start();
        using var text = new StringWriter();
        using var json = new StringWriter();
        using var error = new StringWriter();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(0, await CliApplication.RunAsync(["devices", "--server", server.ServerAddress], text, error, new Dictionary<string, string>(), ct));
        Assert.Equal(0, await CliApplication.RunAsync(["devices", "--server", server.ServerAddress, "--json"], json, error, new Dictionary<string, string>(), ct));

        Assert.Contains(Lines(text), l => l.StartsWith("* " + PulseAudioTestServer.MonitorSource, StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json.ToString());
        var monitor = Assert.Single(document.RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == PulseAudioTestServer.MonitorSource);
        Assert.True(monitor.GetProperty("default").GetBoolean());
        Assert.True(monitor.GetProperty("monitor").GetBoolean());
    }

    private static void RequirePocketSphinx()
    {
        if (!new PocketSphinxEngineProvider().IsAvailable(null, out var reason))
        {
            Assert.Skip($"PocketSphinx unavailable: {reason}");
        }
    }

    private static void AssertHeard(string reference, string line)
    {
        var wer = WordErrorRate.Compute(reference, line);
        Assert.True(wer.Rate <= 0.5, $"'{line}' vs '{reference}': WER {wer.Rate:P0}");
        Assert.Equal(TranscriptNormalizer.Words(reference)[0], TranscriptNormalizer.Words(line)[0]);
        Assert.Equal(TranscriptNormalizer.Words(reference)[^1], TranscriptNormalizer.Words(line)[^1]);
    }

    private static string[] Lines(StringWriter writer)
    {
        lock (writer)
        {
            return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50, cancellationToken);
        }
    }
}
