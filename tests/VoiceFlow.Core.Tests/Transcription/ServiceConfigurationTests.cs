using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>The transcription service follows the configuration keys it is bound from (VAD, silence, reload, logging).</summary>
public sealed class ServiceConfigurationTests : IDisposable
{
    private const int Rate = 16_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("voiceflow-service-config-").FullName;

    /// <summary>A click-length burst at 0.5 s, then a second of speech-like sound from 1.65 s.</summary>
    private static float[] ClickThenSpeech() =>
        TranscriptionServiceTests.Bursts((0.5, false), (0.1, true), (1.05, false), (1.0, true), (0.5, false));

    private static VoiceFlowOptions Configured(params (string Key, string Value)[] settings) =>
        ConfigurationLoader.Load(new ConfigurationRequest
        {
            Environment = new Dictionary<string, string>(),
            CommandLine = [.. settings.Select(s => new ConfigSetting(s.Key, s.Value, "test"))],
        }).Options;

    private async Task<TranscriptionResult> TranscribeFileAsync(float[] audio, VoiceFlowOptions options, CapturingEngine? engine = null)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".wav");
        WavWriter.Write(path, audio, Rate);
        await using var service = new TranscriptionService(engine ?? new CapturingEngine(TimeSpan.FromSeconds(25)), options);
        return await service.TranscribeFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_files_speech_regions_follow_vad_min_speech_ms()
    {
        var withClick = await TranscribeFileAsync(ClickThenSpeech(), Configured());
        var clickDropped = await TranscribeFileAsync(ClickThenSpeech(), Configured(("vad_min_speech_ms", "300")));

        // Defaults: the 100 ms burst is speech, so the chunk starts before it (0.5 s less the 200 ms pad).
        Assert.InRange(Assert.Single(withClick.SpeechRegions).Start, 0.2 * Rate, 0.4 * Rate);
        // 300 ms minimum: the burst is a click, and the chunk starts at the real speech (1.65 s less the pad).
        Assert.InRange(Assert.Single(clickDropped.SpeechRegions).Start, 1.35 * Rate, 1.55 * Rate);
    }

    [Fact]
    public async Task A_files_speech_padding_follows_vad_speech_pad_ms()
    {
        var padded = await TranscribeFileAsync(ClickThenSpeech(), Configured(("vad_min_speech_ms", "300"), ("vad_speech_pad_ms", "600")));
        var unpadded = await TranscribeFileAsync(ClickThenSpeech(), Configured(("vad_min_speech_ms", "300"), ("vad_speech_pad_ms", "0")));

        long paddedStart = Assert.Single(padded.SpeechRegions).Start;
        long unpaddedStart = Assert.Single(unpadded.SpeechRegions).Start;
        Assert.InRange(unpaddedStart - paddedStart, 0.5 * Rate, 0.7 * Rate);
    }

    [Fact]
    public async Task A_file_with_vad_off_goes_to_the_engine_whole()
    {
        float[] audio = ClickThenSpeech();
        var result = await TranscribeFileAsync(audio, Configured(("vad_enabled", "false")));
        Assert.Equal((0L, (long)audio.Length), Assert.Single(result.SpeechRegions));
    }

    [Fact]
    public async Task A_vad_threshold_above_the_speech_level_finds_no_speech()
    {
        // A tone 7 dB above the noise floor: speech at the default 5 dB threshold, not at 9 dB.
        float[] audio = TranscriptionServiceTests.Bursts((1, false), (1, true), (1, false));
        float gain = (float)Math.Pow(10, (-60 + 7 - RmsDbfs(audio.AsSpan(Rate, Rate))) / 20);
        float[] quiet = [.. audio.Select(x => Math.Abs(x) > 0.01f ? x * gain : 0f)];
        var heard = await TranscribeFileAsync(quiet, Configured(("silence_threshold_dbfs", "-120")));
        var deaf = await TranscribeFileAsync(quiet, Configured(("silence_threshold_dbfs", "-120"), ("vad_threshold", "0.9")));

        Assert.Single(heard.SpeechRegions);
        Assert.Empty(deaf.SpeechRegions);
    }

    [Fact]
    public async Task Audio_below_silence_threshold_dbfs_is_not_transcribed()
    {
        // A -43 dBFS tone: above the default -60, below a -30 threshold. The VAD is off, so only the gate decides.
        float[] audio = [.. Enumerable.Range(0, 2 * Rate).Select(i => (float)(0.01 * Math.Sin(2 * Math.PI * 220 * i / Rate)))];
        var loudEnough = new CapturingEngine(TimeSpan.FromSeconds(25));
        var tooQuiet = new CapturingEngine(TimeSpan.FromSeconds(25));

        await TranscribeFileAsync(audio, Configured(("vad_enabled", "false")), loudEnough);
        var silent = await TranscribeFileAsync(audio, Configured(("vad_enabled", "false"), ("silence_threshold_dbfs", "-30")), tooQuiet);

        Assert.Single(loudEnough.Chunks);
        Assert.Empty(tooQuiet.Chunks);
        Assert.Equal("", silent.Text);
        Assert.Empty(silent.SpeechRegions);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(2, 2, 2)]
    public async Task Model_reload_interval_recreates_processors_after_that_many_jobs(int interval, long reloads, int processors)
    {
        await using var service = new TranscriptionService(new CapturingEngine(TimeSpan.FromSeconds(25)),
            Configured(("model_reload_interval", interval.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        float[] audio = TranscriptionServiceTests.Bursts((0.3, false), (1, true), (0.3, false));
        for (int i = 0; i < 4; i++)
        {
            await service.TranscribeAsync(audio, cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Equal((reloads, processors), (service.Access.Reloads, service.Access.ProcessorCount));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Log_optimization_effects_logs_each_jobs_speed_and_optimizations(bool enabled)
    {
        var logger = new CollectingLogger();
        var options = Configured(("log_optimization_effects", enabled ? "true" : "false"), ("enable_memory_optimizations", "true"));
        await using var service = new TranscriptionService(new CapturingEngine(TimeSpan.FromSeconds(25)), options, logger: logger);

        await service.TranscribeAsync(TranscriptionServiceTests.Bursts((0.3, false), (1, true), (0.3, false)), cancellationToken: TestContext.Current.CancellationToken);

        var lines = logger.Lines.Where(l => l.Level == LogLevel.Information && l.Message.Contains("realtime", StringComparison.Ordinal)).ToList();
        if (enabled)
        {
            Assert.Contains("MemoryOptimizations", Assert.Single(lines).Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(lines);
        }
    }

    private static double RmsDbfs(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float x in samples)
        {
            sum += x * x;
        }

        return 10 * Math.Log10(sum / samples.Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class CollectingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
