using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>model_idle_unload_seconds: the daemon gives its model back when idle and loads it again at the next begin.</summary>
public sealed class IdleUnloadTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Loads "the model" as a service over the shared engine; the counter says how often it was loaded.</summary>
    private Task<DictationModel> ModelAsync(TimeSpan idle, Counter loads) =>
        DictationModel.LoadAsync(_ =>
        {
            loads.Increment();
            return Task.FromResult(new LoadedModel(new TranscriptionService(engine.Factory, new VoiceFlowOptions()), null));
        }, idle, cancellationToken: Ct);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task An_idle_model_is_released_and_the_next_dictation_loads_it_while_recording_losing_no_word()
    {
        var loads = new Counter();
        await using var model = await ModelAsync(TimeSpan.FromMilliseconds(200), loads);
        await using var harness = await DaemonHarness.StartAsync(engine.Factory, model: model);
        var sentence = Speech.Sentence();

        await WaitUntilAsync(() => !model.IsLoaded, "the idle model is released");
        Assert.False((await harness.Client.SendAsync("status", Ct)).Status!.ModelLoaded);
        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await WaitUntilAsync(() => model.IsLoaded, "begin loads the model beside the recording");
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);
        var ended = await harness.Client.SendAsync("end", Ct);

        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal(2, loads.Value);
        Assert.Equal(1, model.Unloads);
        await WaitUntilAsync(() => !model.IsLoaded, "the model is released again after the dictation");
    }

    [Fact]
    public async Task A_dictation_keeps_the_model_loaded_until_it_has_been_idle_that_long()
    {
        var loads = new Counter();
        await using var model = await ModelAsync(TimeSpan.FromSeconds(30), loads);
        await using var harness = await DaemonHarness.StartAsync(engine.Factory, model: model);

        await harness.Client.SendAsync("begin", Ct);
        await Task.Delay(300, Ct);
        await harness.Client.SendAsync("end", Ct);

        Assert.True(model.IsLoaded);
        Assert.True((await harness.Client.SendAsync("status", Ct)).Status!.ModelLoaded);
        Assert.Equal(1, loads.Value);
    }

    [Fact]
    public async Task Zero_keeps_the_model_loaded_for_good()
    {
        var loads = new Counter();
        await using var model = await ModelAsync(TimeSpan.Zero, loads);

        await Task.Delay(300, Ct);
        string text = await model.UseAsync(service => Task.FromResult(service.EngineName));

        Assert.True(model.IsLoaded);
        Assert.Equal("pocketsphinx", text);
        Assert.Equal(1, loads.Value);
        Assert.Equal(0, model.Unloads);
    }

    [Fact]
    public async Task A_failed_reload_is_reported_to_that_dictation_and_retried_at_the_next()
    {
        int calls = 0;
        await using var model = await DictationModel.LoadAsync(_ =>
        {
            int call = Interlocked.Increment(ref calls);
            return call == 2
                ? throw new Core.Errors.EngineException("model file vanished")
                : Task.FromResult(new LoadedModel(new TranscriptionService(engine.Factory, new VoiceFlowOptions()), null));
        }, TimeSpan.FromMilliseconds(100), cancellationToken: Ct);

        await WaitUntilAsync(() => !model.IsLoaded, "the idle model is released");
        var failure = await Assert.ThrowsAsync<Core.Errors.EngineException>(() => model.UseAsync(s => Task.FromResult(s.ModelName)));
        string name = await model.UseAsync(s => Task.FromResult(s.ModelName));

        Assert.Contains("vanished", failure.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(3, calls);
    }

    /// <summary>A thread-safe count.</summary>
    private sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
