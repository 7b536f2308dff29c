using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.PocketSphinx.Tests;

public class FactoryLifetimeTests
{
    [Fact]
    public async Task Dispose_waits_for_running_jobs_then_refuses_new_processors()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var grammar = Path.Combine(SpeechTestData.CardsDirectory, "cards.gram");
        using var dictionary = new SmallDictionary(SmallDictionary.GrammarWords(grammar));
        var factory = PocketSphinxEngineFactory.Load(new PocketSphinxOptions { GrammarPath = grammar, DictionaryPath = dictionary.Path });
        var utterance = SpeechTestData.Cards()[^1];
        var processor = factory.CreateBuilder().Build();

        var job = EngineFixture.TranscribeAsync(processor, utterance.Samples(), ct);
        var disposing = factory.DisposeAsync().AsTask();

        Assert.False(disposing.IsCompleted && !job.IsCompleted, "factory DisposeAsync finished while a job was still decoding");
        await disposing;
        Assert.True(job.IsCompleted || await Task.WhenAny(job, Task.Delay(TimeSpan.FromSeconds(30), ct)) == job);
        Assert.Equal(utterance.Reference, await job);
        Assert.Throws<ObjectDisposedException>(() => factory.CreateBuilder().Build());
        await processor.DisposeAsync();
    }
}
