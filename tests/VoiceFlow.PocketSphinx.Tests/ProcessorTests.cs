using VoiceFlow.Core.Errors;
using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.PocketSphinx.Tests;

public class ProcessorTests(EngineFixture engine)
{
    [Fact]
    public async Task Segment_has_ordered_word_times_inside_the_audio_and_probabilities()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var samples = SpeechTestData.LibrivoxUtterance("0920").Samples();
        await using var processor = engine.Factory.CreateBuilder().Build();

        var segment = Assert.Single(await processor.ProcessAsync(samples, ct).ToListAsync(ct));

        var duration = TimeSpan.FromSeconds(samples.Length / 16_000.0);
        Assert.Equal(segment.Text, string.Join(' ', segment.Words.Select(w => w.Word)));
        Assert.InRange(segment.Confidence, 0f, 1f);
        Assert.Equal(segment.Words[0].Start, segment.Start);
        Assert.Equal(segment.Words[^1].End, segment.End);
        var previousEnd = TimeSpan.Zero;
        foreach (var word in segment.Words)
        {
            Assert.DoesNotContain('(', word.Word);
            Assert.DoesNotMatch("^[<\\[+]", word.Word);
            Assert.True(word.Start >= previousEnd && word.End > word.Start && word.End <= duration, $"{word} after {previousEnd}");
            Assert.InRange(word.Confidence, 0f, 1f);
            previousEnd = word.End;
        }
    }

    [Fact]
    public async Task Silence_and_empty_audio_give_no_segments()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        await using var processor = engine.Factory.CreateBuilder().Build();

        Assert.Empty(await processor.ProcessAsync(new float[16_000], ct).ToListAsync(ct));
        Assert.Empty(await processor.ProcessAsync(ReadOnlyMemory<float>.Empty, ct).ToListAsync(ct));
    }

    [Fact]
    public async Task A_second_job_on_a_busy_processor_is_refused_and_dispose_waits_for_the_first()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var clip = SpeechTestData.LibrivoxUtterance("0870").Samples();
        // Four copies (~28 s of speech): the first job is certain to outlast the short wait even when other test
        // processes share the two cores.
        var samples = Enumerable.Repeat(clip, 4).SelectMany(x => x).ToArray();
        var processor = engine.Factory.CreateBuilder().Build();

        var first = processor.ProcessAsync(samples, ct).ToListAsync(ct).AsTask();
        await Task.Delay(50, ct);
        await Assert.ThrowsAsync<EngineBusyException>(async () => await processor.ProcessAsync(samples, ct).ToListAsync(ct));
        var disposing = processor.DisposeAsync().AsTask();

        Assert.False(disposing.IsCompleted, "DisposeAsync did not wait for the running job (28 s of speech decodes in far more than 50 ms)");
        await disposing;
        Assert.NotEmpty(await first);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await processor.ProcessAsync(samples, ct).ToListAsync(ct));
    }

    [Fact]
    public async Task Keyphrase_spotting_finds_the_phrase()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var samples = PcmFile.ReadSamples(Path.Combine(SpeechTestData.DataDirectory, "goforward.raw"));
        using var dictionary = new SmallDictionary(["go", "forward", "ten", "meters"]);
        await using var factory = PocketSphinxEngineFactory.Load(new PocketSphinxOptions { Keyphrase = "forward", KeywordThreshold = 1e-20, DictionaryPath = dictionary.Path });
        await using var processor = factory.CreateBuilder().Build();

        var text = await EngineFixture.TranscribeAsync(processor, samples, ct);

        Assert.Contains("forward", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ten", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    public void A_language_the_model_does_not_know_is_refused(string language)
    {
        SpeechTestData.RequireAll();
        var error = Assert.Throws<UnsupportedRequestException>(() => engine.Factory.CreateBuilder().WithLanguage(language).Build());
        Assert.Contains($"'{language}'", error.Message, StringComparison.Ordinal);
    }
}
