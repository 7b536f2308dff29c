using VoiceFlow.Core.Audio;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// Dictation end to end through a real PulseAudio server (the test's own, null sink <c>vsink</c>): speech is played
/// with paplay into the sink and the daemon records <c>vsink.monitor</c>.
/// </summary>
public sealed class PulseAudioDictationTests(EngineFixture engine) : IDisposable
{
    private readonly TestDirectories _directories = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_and_last_words_survive_when_speech_starts_at_begin_and_stops_at_end()
    {
        using var pulse = PulseAudioTestServer.Start();
        await using var harness = await StartAsync(pulse);
        var sentence = Speech.Sentence();
        string wav = WriteWav(sentence);

        await harness.Client.SendAsync("begin", Ct);
        await pulse.PlayAsync(wav, Ct);
        var ended = await harness.Client.SendAsync("end", Ct);

        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Speech.AssertRecognised(sentence, ended.Text!);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
    }

    [Fact]
    public async Task Two_dictations_of_different_sentences_never_bleed_into_each_other()
    {
        using var pulse = PulseAudioTestServer.Start();
        await using var harness = await StartAsync(pulse);
        var first = Speech.Sentence(Speech.First);
        var second = Speech.Sentence(Speech.Second);

        await harness.Client.SendAsync("begin", Ct);
        await pulse.PlayAsync(WriteWav(first), Ct);
        string firstText = (await harness.Client.SendAsync("end", Ct)).Text!;
        // The next dictation starts at once: its pre-roll must hold nothing of the first.
        await harness.Client.SendAsync("begin", Ct);
        await pulse.PlayAsync(WriteWav(second), Ct);
        string secondText = (await harness.Client.SendAsync("end", Ct)).Text!;

        Speech.AssertRecognised(first, firstText);
        Speech.AssertRecognised(second, secondText);
        Speech.AssertNoWordsOf(second, first, firstText);
        Speech.AssertNoWordsOf(first, second, secondText);
        Assert.Equal([firstText, secondText], harness.Output.Delivered);
    }

    [Fact]
    public async Task Silence_gives_no_text_and_nothing_is_delivered()
    {
        using var pulse = PulseAudioTestServer.Start();
        await using var harness = await StartAsync(pulse);

        await harness.Client.SendAsync("begin", Ct);
        await pulse.PlayAsync(WriteWav(new float[AudioFormat.RecognizerSampleRate * 2], "silence"), Ct);
        var ended = await harness.Client.SendAsync("end", Ct);

        Assert.Equal("", ended.Text);
        Assert.Empty(harness.Output.Delivered);
        Assert.Empty(harness.History.Entries);
    }

    public void Dispose() => _directories.Dispose();

    private Task<DaemonHarness> StartAsync(PulseAudioTestServer pulse) => DaemonHarness.StartOnPulseAsync(engine.Factory, _directories, pulse);

    private string WriteWav(SpokenSentence sentence) => WriteWav(_directories, sentence.Samples, sentence.Item.Id);

    private string WriteWav(float[] samples, string name) => WriteWav(_directories, samples, name);

    /// <summary>Writes samples as a 16 kHz WAV for paplay.</summary>
    internal static string WriteWav(TestDirectories directories, float[] samples, string name)
    {
        string path = Path.Combine(directories.Root, name + ".wav");
        WavWriter.Write(path, samples, AudioFormat.RecognizerSampleRate);
        return path;
    }
}
