using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.PulseAudio.Tests;

/// <summary>Capture from a real PulseAudio server started by the test: speech played into a null sink is recorded from its monitor.</summary>
public class PulseAudioCaptureTests(SpeechEngine engine) : IClassFixture<SpeechEngine>
{
    private static readonly CaptureRequest Monitor = new() { Source = PulseAudioTestServer.MonitorSource, BlockSamples = 320, Latency = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task Speech_played_into_the_sink_is_captured_with_its_first_and_last_words()
    {
        var ct = TestContext.Current.CancellationToken;
        var item = CorpusFixture.Get()["s10-awb"];
        using var server = PulseAudioTestServer.Start();
        var provider = new PulseAudioCaptureProvider(server.ServerAddress);
        using var recorder = new BackgroundRecorder(provider.Open(Monitor));

        await recorder.WaitForAsync(3_200, TimeSpan.FromSeconds(10), ct);
        await server.PlayAsync(item.Path, ct);
        int end = recorder.Count + 8_000;
        await recorder.WaitForAsync(end, TimeSpan.FromSeconds(10), ct);
        var samples = recorder.Stop();

        Assert.Null(recorder.Error);
        Assert.True(samples.Length >= (int)(item.DurationSeconds * 16_000), $"{samples.Length} samples for {item.DurationSeconds:0.00} s of speech");
        Assert.Contains(samples, s => Math.Abs(s) > 0.1f);
        SpeechEngine.AssertHeard(item.ReferenceText, await engine.TranscribeAsync(samples, ct));
    }

    [Fact]
    public void Sources_include_the_monitor_of_the_null_sink_marked_as_default()
    {
        using var server = PulseAudioTestServer.Start();
        var sources = new PulseAudioCaptureProvider(server.ServerAddress).ListSources();

        var monitor = Assert.Single(sources, s => s.Name == PulseAudioTestServer.MonitorSource);
        Assert.True(monitor.IsMonitor);
        Assert.True(monitor.IsDefault);
        Assert.False(string.IsNullOrWhiteSpace(monitor.Description));
    }

    [Fact]
    public void An_unknown_source_is_named_with_a_hint_to_list_the_sources()
    {
        using var server = PulseAudioTestServer.Start();
        var provider = new PulseAudioCaptureProvider(server.ServerAddress);

        var error = Assert.Throws<AudioCaptureException>(() => provider.Open(Monitor with { Source = "no-such-microphone" }));
        Assert.Contains("'no-such-microphone' not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("voiceflow devices", error.Message, StringComparison.Ordinal);
        Assert.Contains(server.ServerAddress, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_server_is_reported_with_its_address_by_open_and_by_the_source_list()
    {
        string address = "unix:" + Path.Combine(Path.GetTempPath(), "voiceflow-no-server-" + Guid.NewGuid().ToString("N"), "native");
        var provider = new PulseAudioCaptureProvider(address);

        var open = Assert.Throws<AudioCaptureException>(() => provider.Open(Monitor));
        Assert.Contains($"PulseAudio server not reachable at {address}", open.Message, StringComparison.Ordinal);
        if (File.Exists("/usr/bin/pactl"))
        {
            var list = Assert.Throws<AudioCaptureException>(provider.ListSources);
            Assert.Contains($"PulseAudio server not reachable at {address}", list.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Out_of_range_requests_are_configuration_errors()
    {
        var provider = new PulseAudioCaptureProvider("unix:/nonexistent");
        Assert.Throws<Core.Errors.ConfigurationException>(() => provider.Open(Monitor with { BlockSamples = 0 }));
        Assert.Throws<Core.Errors.ConfigurationException>(() => provider.Open(Monitor with { Latency = TimeSpan.Zero }));
    }
}
