using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.PocketSphinx.Tests;

/// <summary>Results depend on the audio only: not on what the decoder heard before, nor on other threads.</summary>
public class DeterminismTests(EngineFixture engine)
{
    [Fact]
    public async Task Same_audio_twice_gives_identical_segments()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var samples = SpeechTestData.LibrivoxUtterance("0880").Samples();
        await using var processor = engine.Factory.CreateBuilder().Build();

        var first = await processor.ProcessAsync(samples, ct).ToListAsync(ct);
        var second = await processor.ProcessAsync(samples, ct).ToListAsync(ct);

        Assert.NotEmpty(first);
        Assert.Equal(first.Select(s => s.Text), second.Select(s => s.Text));
        Assert.Equal(first.SelectMany(s => s.Words), second.SelectMany(s => s.Words));
        Assert.Equal(first[0].Confidence, second[0].Confidence);
    }

    [Fact]
    public async Task Interleaved_audio_gives_the_same_results_as_alone()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var a = SpeechTestData.LibrivoxUtterance("0880").Samples();
        var b = SpeechTestData.LibrivoxUtterance("0930").Samples();
        var c = SpeechTestData.LibrivoxUtterance("0890").Samples();
        await using var factory = PocketSphinxEngineFactory.Load(new PocketSphinxOptions { MaxDecoders = 1 });
        await InterleavedDecodes.AssertSameResultsAsync(factory, a, b, c, ct);
    }

    [Fact]
    public async Task Concurrent_processors_each_get_the_result_for_their_own_audio()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var clips = new[] { "0880", "0930", "0890" }.Select(id => SpeechTestData.LibrivoxUtterance(id).Samples()).ToArray();
        var expected = new string[clips.Length];
        for (var i = 0; i < clips.Length; i++)
        {
            expected[i] = await engine.TranscribeAsync(clips[i], ct);
        }

        // Three threads, two rounds each, every thread starting on a different clip.
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(thread => Task.Run<List<(int Clip, string Text)>>(async () =>
        {
            await using var processor = engine.Factory.CreateBuilder().Build();
            var got = new List<(int Clip, string Text)>();
            for (var round = 0; round < 2; round++)
            {
                var clip = (thread + round) % clips.Length;
                got.Add((clip, await EngineFixture.TranscribeAsync(processor, clips[clip], ct)));
            }

            return got;
        }, ct)));

        foreach (var (clip, text) in results.SelectMany(r => r))
        {
            Assert.Equal(expected[clip], text);
        }

        Assert.InRange(engine.Factory.LoadedDecoders, 1, engine.Factory.Options.MaxDecoders);
    }
}
