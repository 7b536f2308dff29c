using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Engine;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Tests.Support;

namespace VoiceFlow.Whisper.Tests.Engine;

public sealed class WhisperEngineTests : IDisposable
{
    private const int Hello = 256;
    private const int Eot = 50256;
    private const int Beg = 50363;
    private readonly string _dir = Directory.CreateTempSubdirectory("voiceflow-whisper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FakeWhisperModel HelloModel() => new((step, logits) =>
    {
        Array.Fill(logits, -30f);
        var last = step.Tokens[^1];
        logits[last switch
        {
            50257 => Beg + 10,
            Beg + 10 => Hello,
            Hello => 257,
            257 => Beg + 60,
            _ => Eot,
        }] = 10f;
        return true;
    }, words: [" hello", " w\u00f6rld"]);

    private WhisperEngineProvider Provider(IWhisperModel? model = null, Func<string, IWhisperModel>? loader = null) =>
        new(loader ?? (_ => model ?? HelloModel()), _dir);

    [Fact]
    public void Provider_is_whisper_preferred_before_pocketsphinx_and_reports_what_is_missing()
    {
        var provider = Provider();
        Assert.Equal("whisper", provider.Name);
        Assert.True(provider.AutoPriority < 20);

        Assert.False(provider.IsAvailable(null, out var reason));
        Assert.Contains(_dir, reason, StringComparison.Ordinal);
        Assert.Contains("ggml-base.en.bin", reason, StringComparison.Ordinal);

        Assert.False(provider.IsAvailable(Path.Combine(_dir, "nope.bin"), out reason));
        Assert.Contains("nope.bin", reason, StringComparison.Ordinal);
        Assert.False(provider.IsAvailable(_dir, out reason));
        Assert.Contains("directory", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Installed_models_are_found_by_name_and_the_preferred_one_is_the_default()
    {
        File.WriteAllBytes(Path.Combine(_dir, "ggml-tiny.bin"), [1]);
        File.WriteAllBytes(Path.Combine(_dir, "ggml-base.en.bin"), [1]);
        Assert.True(WhisperModelLocator.TryResolve(null, _dir, out var path, out _));
        Assert.Equal(Path.Combine(_dir, "ggml-base.en.bin"), path);
        Assert.True(WhisperModelLocator.TryResolve("tiny", _dir, out path, out _));
        Assert.Equal(Path.Combine(_dir, "ggml-tiny.bin"), path);
        Assert.True(Provider().IsAvailable("base.en", out _));
    }

    [Fact]
    public void Models_directory_follows_xdg_data_home_then_home()
    {
        Assert.Equal("/data/voiceflow/models",
            WhisperModelLocator.DefaultModelsDirectory(n => n == "XDG_DATA_HOME" ? "/data" : "/home/u"));
        Assert.Equal("/home/u/.local/share/voiceflow/models",
            WhisperModelLocator.DefaultModelsDirectory(n => n == "HOME" ? "/home/u" : null));
        Assert.Equal("/home/u/.local/share/voiceflow/models",
            WhisperModelLocator.DefaultModelsDirectory(n => n == "HOME" ? "/home/u" : "relative"));
    }

    [Fact]
    public async Task Loader_failures_become_engine_errors_naming_the_file()
    {
        var file = Path.Combine(_dir, "ggml-broken.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        var provider = Provider(loader: _ => throw new EndOfStreamException("truncated tensor data"));
        var e = await Assert.ThrowsAsync<EngineException>(async () => await provider.LoadAsync(file, TestContext.Current.CancellationToken));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<EngineException>(async () => await Provider().LoadAsync("nothing", TestContext.Current.CancellationToken));
        Assert.Contains("nothing", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(17, 5, 0f, "en", "beam size 17")]
    [InlineData(-1, 5, 0f, "en", "beam size -1")]
    [InlineData(5, 0, 0f, "en", "best-of 0")]
    [InlineData(5, 5, 1.5f, "en", "temperature 1.5")]
    [InlineData(5, 5, float.NaN, "en", "temperature NaN")]
    [InlineData(5, 5, 0f, "xx", "'xx' is unknown")]
    [InlineData(5, 5, 0f, "de", "English-only")]
    public async Task Invalid_options_are_rejected_with_the_value_and_range(int beam, int bestOf, float temperature, string language, string expected)
    {
        var file = Path.Combine(_dir, "ggml-tiny.en.bin");
        File.WriteAllBytes(file, [1]);
        await using var factory = await Provider().LoadAsync(file, TestContext.Current.CancellationToken);
        var e = Assert.ThrowsAny<EngineException>(() => factory.CreateProcessor(new TranscriptionOptions
        {
            BeamSize = beam, BestOf = bestOf, Temperature = temperature, Language = language,
        }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Throws<EngineException>(() => factory.CreateProcessor(new TranscriptionOptions { Threads = -2 }));
        Assert.Throws<UnsupportedOptionException>(() => factory.CreateProcessor(new TranscriptionOptions { Translate = true }));
    }

    [Fact]
    public void Options_map_to_whisper_parameters()
    {
        var factory = new WhisperEngineFactory(HelloModel(), "fake");
        var greedy = (WhisperSpeechProcessor)factory.CreateBuilder().WithGreedy(3).WithTemperature(0.4f, fallback: false)
            .WithTimestamps(segments: false, tokens: true).WithPrompt("Hi").WithThreads(0).Build();
        var d = greedy.DecodingOptions;
        Assert.Equal((WhisperSamplingStrategy.Greedy, 3, 0.4f, 0f, true, true, "Hi"),
            (d.Strategy, d.BestOf, d.Temperature, d.TemperatureIncrement, d.NoTimestamps, d.TokenTimestamps, d.InitialPrompt));
        Assert.Equal(WhisperOptionsMapper.DefaultThreads, d.Threads);
        Assert.False(d.ConditionOnPreviousText);

        var beam = (WhisperSpeechProcessor)factory.CreateBuilder().WithBeamSearch(4).WithLanguage("auto").Build();
        Assert.Equal((WhisperSamplingStrategy.BeamSearch, 4, 0.2f, "auto"),
            (beam.DecodingOptions.Strategy, beam.DecodingOptions.BeamSize, beam.DecodingOptions.TemperatureIncrement, beam.DecodingOptions.Language));
    }

    [Fact]
    public async Task Processor_streams_segments_with_tokens_times_and_no_speech_probability()
    {
        await using var factory = new WhisperEngineFactory(HelloModel(), "fake");
        await using var processor = factory.CreateBuilder().WithGreedy().WithTimestamps(tokens: true).Build();
        var samples = new float[16000 * 3];
        for (var i = 2000; i < 20000; i++)
        {
            samples[i] = 0.3f * MathF.Sin(i * 0.07f);
        }

        var segments = new List<Segment>();
        await foreach (var s in processor.ProcessAsync(samples, TestContext.Current.CancellationToken))
        {
            segments.Add(s);
        }

        var segment = Assert.Single(segments);
        Assert.Equal(" hello wörld", segment.Text);
        Assert.Equal(TimeSpan.FromSeconds(0.2), segment.Start);
        Assert.Equal(TimeSpan.FromSeconds(1.2), segment.End);
        Assert.Equal([Hello, 257, Beg + 60], segment.Tokens.Select(t => t.Id));
        Assert.Equal([" hello", " wörld", "[_TT_60]"], segment.Tokens.Select(t => t.Text));
        Assert.InRange(segment.Confidence, 0.99f, 1f);
        Assert.InRange(segment.NoSpeechProbability, 0f, 0.01f);
        Assert.Equal(["hello", "wörld"], segment.Words.Select(w => w.Word));
        Assert.All(segment.Tokens, t => Assert.True(t.Start >= segment.Start && t.End <= segment.End && t.Start <= t.End));

        // A second job on the same processor starts from scratch.
        var again = new List<Segment>();
        await foreach (var s in processor.ProcessAsync(samples, TestContext.Current.CancellationToken))
        {
            again.Add(s);
        }

        Assert.Equal(segment.Text, Assert.Single(again).Text);
    }

    [Fact]
    public void Segment_times_are_clamped_to_the_audio()
    {
        var vocabulary = new WhisperEngineFactory(HelloModel(), "fake").Vocabulary;
        var raw = new WhisperSegment(0, 3000, " hello", 0.1f, [new WhisperTokenData(Hello, 0, 0.5f, -0.7f, 0, 0)]);
        var segment = WhisperSpeechProcessor.ToSegment(raw, vocabulary, TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(10), segment.End);
        Assert.Equal(0.5f, segment.Confidence);
        Assert.Empty(segment.Words);
        Assert.Equal(segment.End, segment.Tokens[0].End);
    }

    [Fact]
    public async Task Second_concurrent_job_on_one_processor_is_refused_and_dispose_waits_for_the_job()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var model = HelloModel();
        model.OnDecode = () =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        };

        var factory = new WhisperEngineFactory(model, "fake");
        var processor = factory.CreateBuilder().WithGreedy().Build();
        var samples = new float[16000];
        var first = Task.Run(async () =>
        {
            await foreach (var _ in processor.ProcessAsync(samples, TestContext.Current.CancellationToken))
            {
            }
        }, TestContext.Current.CancellationToken);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        await Assert.ThrowsAsync<EngineBusyException>(async () =>
        {
            await foreach (var _ in processor.ProcessAsync(samples, TestContext.Current.CancellationToken))
            {
            }
        });

        var disposing = factory.DisposeAsync().AsTask();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(disposing.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => factory.CreateProcessor(new TranscriptionOptions()));
        release.Set();
        await first;
        await disposing;
        await processor.DisposeAsync();
    }

    [Fact]
    public async Task Cancelling_a_job_stops_it()
    {
        var model = new FakeWhisperModel((step, logits) =>
        {
            Array.Fill(logits, -30f);
            logits[Hello] = 10f;
            return true;
        }, words: [" hello"]);
        await using var factory = new WhisperEngineFactory(model, "fake");
        await using var processor = factory.CreateBuilder().WithGreedy().WithTimestamps(false).Build();
        using var cts = new CancellationTokenSource();
        model.OnDecode = () =>
        {
            if (model.DecodeCalls == 3)
            {
                cts.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in processor.ProcessAsync(new float[16000 * 5], cts.Token))
            {
            }
        });
        Assert.True(model.DecodeCalls < 10);
    }
}
