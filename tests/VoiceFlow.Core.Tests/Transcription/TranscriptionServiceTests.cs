using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

public class TranscriptionServiceTests
{
    private const int Rate = 16_000;

    /// <summary>Tone bursts (speech-like energy) separated by silence, deterministic.</summary>
    internal static float[] Bursts(params (double Seconds, bool Sound)[] parts)
    {
        var samples = new List<float>();
        var random = new Random(7);
        foreach (var (seconds, sound) in parts)
        {
            int n = (int)(seconds * Rate);
            for (int i = 0; i < n; i++)
            {
                samples.Add(sound
                    ? (float)((0.3 * Math.Sin(2 * Math.PI * 220 * i / Rate)) + (0.1 * Math.Sin(2 * Math.PI * 1330 * i / Rate)))
                    : (float)((random.NextDouble() - 0.5) * 0.0005));
            }
        }

        return [.. samples];
    }

    [Fact]
    public async Task The_callers_buffer_is_never_modified_and_nan_never_reaches_the_engine()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var audio = Bursts((0.5, false), (2, true), (0.5, false));
        audio[Rate] = float.NaN;
        audio[Rate + 10] = float.PositiveInfinity;
        audio[Rate + 20] = 1.2f;
        var original = (float[])audio.Clone();

        var result = await service.TranscribeAsync(audio);

        Assert.Equal(original, audio);
        Assert.All(engine.Chunks, chunk => Assert.All(chunk, x => Assert.True(float.IsFinite(x) && Math.Abs(x) <= 1f)));
        Assert.True(result.Validation.WasRepaired);
        Assert.Equal(2, result.Validation.NonFiniteReplaced);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nan_is_stopped_at_the_engine_boundary_in_both_validation_modes(bool optimized)
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions { EnableOptimizedAudioValidation = optimized, ValidationFrequency = 1000 });
        var audio = Bursts((3, true));
        // Scatter NaNs in a region statistical sampling may well skip.
        for (int i = 40_000; i < 40_003; i++)
        {
            audio[i] = float.NaN;
        }

        await service.TranscribeAsync(audio);

        Assert.All(engine.Chunks.SelectMany(c => c), x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public async Task Silence_reaches_no_engine_and_gives_no_text()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var result = await service.TranscribeAsync(Bursts((3, false)));

        Assert.Empty(engine.Chunks);
        Assert.Equal("", result.Text);
        Assert.Empty(result.Segments);
    }

    [Fact]
    public async Task Long_speech_is_split_at_silences_with_times_relative_to_the_whole_input()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(5));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var audio = Bursts((1, false), (3, true), (1, false), (3, true), (1, false), (3, true), (1, false));

        var result = await service.TranscribeAsync(audio);

        Assert.Equal(3, engine.Chunks.Count);
        Assert.All(engine.Chunks, c => Assert.InRange(c.Length, 3 * Rate, 5 * Rate));
        Assert.Equal(3, result.Segments.Count);
        // Each chunk's segment starts where its speech starts in the whole file (1 s, 5 s, 9 s) minus padding.
        double[] starts = [.. result.Segments.Select(s => s.Start.TotalSeconds)];
        Assert.InRange(starts[0], 0.6, 1.0);
        Assert.InRange(starts[1], 4.6, 5.0);
        Assert.InRange(starts[2], 8.6, 9.0);
        Assert.True(result.Segments.Zip(result.Segments.Skip(1)).All(p => p.First.End <= p.Second.Start));
    }

    [Fact]
    public async Task An_engine_that_windows_itself_gets_the_whole_input_unchanged()
    {
        var engine = new CapturingEngine(maxChunk: null);
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var audio = Bursts((1, false), (3, true), (4, false), (3, true), (1, false));

        await service.TranscribeAsync(audio);

        var chunk = Assert.Single(engine.Chunks);
        Assert.Equal(audio, chunk);
    }

    [Fact]
    public async Task Audio_over_the_configured_maximum_is_rejected_with_a_clear_error()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions { MaxAudioBufferSize = Rate * 2 });

        var error = await Assert.ThrowsAsync<AudioValidationException>(() => service.TranscribeAsync(Bursts((3, true))));

        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_audio_buffer_size", error.Message, StringComparison.Ordinal);
        Assert.Empty(engine.Chunks);
    }

    [Fact]
    public async Task Every_job_gets_its_own_id_and_a_monitor_record_with_stage_times()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        var monitor = new PerformanceMonitor();
        var options = new VoiceFlowOptions { EnableMemoryOptimizations = true };
        await using var service = new TranscriptionService(engine, options, monitor);

        var first = await service.TranscribeAsync(Bursts((0.3, false), (1, true)));
        var second = await service.TranscribeAsync(Bursts((0.3, false), (1, true)));

        Assert.NotEqual(first.JobId, second.JobId);
        var history = monitor.GetHistory();
        Assert.Equal(2, history.Count);
        Assert.Equal(ActiveOptimizations.MemoryOptimizations, history[0].Optimizations);
        Assert.InRange(history[0].AudioSeconds, 1.29, 1.31);
        foreach (var stage in new[] { PipelineStage.Validate, PipelineStage.Vad, PipelineStage.Recognise, PipelineStage.Postprocess })
        {
            Assert.True(history[0].Stages.IsMeasured(stage), $"{stage} not measured");
        }
    }

    [Fact]
    public async Task Each_job_gets_the_clean_up_its_own_options_ask_for()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var audio = Bursts((0.3, false), (1, true));
        var raw = new TranscriptionJobOptions { PostProcessing = VoiceFlow.Core.PostProcessing.PostProcessingOptions.None };
        var cleaned = new TranscriptionJobOptions();

        Assert.Equal("chunk1", (await service.TranscribeAsync(audio, raw)).Text);
        Assert.Equal("Chunk2", (await service.TranscribeAsync(audio, cleaned)).Text);
        Assert.Equal("chunk3", (await service.TranscribeAsync(audio, raw)).Text);
        Assert.Equal("Chunk4", (await service.TranscribeAsync(audio, cleaned)).Text);
    }

    [Fact]
    public async Task A_file_is_decoded_and_its_decode_stage_timed()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25));
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        string path = Path.Combine(Path.GetTempPath(), $"vf-service-{Guid.NewGuid():N}.wav");
        try
        {
            VoiceFlow.Core.Audio.WavWriter.Write(path, Bursts((0.5, false), (1, true), (0.5, false)), Rate);

            var result = await service.TranscribeFileAsync(path);

            Assert.True(result.Stages.IsMeasured(PipelineStage.Decode));
            Assert.Equal(path, result.Source);
            Assert.NotNull(result.SourceInfo);
            Assert.Equal("chunk1", result.RawText);
            Assert.Equal("Chunk1", result.Text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
