using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>
/// The no-speech probability is read at the &lt;|startoftranscript|&gt; position (OpenAI's decoding.py), not after the
/// last prompt token: a model whose &lt;|nospeech|&gt; logit is high only right after sot must have its silent
/// windows skipped, whatever follows sot in the prompt (language, task, no-timestamps).
/// </summary>
public class NoSpeechTests
{
    private const int Hello = 256;

    private static readonly WhisperDecodingOptions Options = new()
    {
        TemperatureIncrement = 0,
        CompressionRatioThreshold = null,
        Language = "en",
    };

    /// <summary>
    /// After sot: &lt;|nospeech|&gt; at <paramref name="noSpeechLogit"/>; every later step: " hello" then end-of-text, at
    /// logit <paramref name="textLogit"/> over a flat rest (a low value makes an unsure, low log-probability result).
    /// </summary>
    private static FakeWhisperModel Model(int nVocab, float noSpeechLogit, float textLogit)
    {
        WhisperVocabulary? vocabulary = null;
        FakeWhisperModel? model = null;
        model = new FakeWhisperModel((step, logits) =>
        {
            vocabulary ??= new WhisperVocabulary(model!.TokenBytes, model.HyperParameters);
            var last = step.Tokens[^1];
            if (last == vocabulary.Sot)
            {
                logits[vocabulary.NoSpeech] = noSpeechLogit;
            }

            var sampled = step.Tokens.Count(t => t == Hello);
            logits[sampled == 0 ? Hello : vocabulary.Eot] = textLogit;
            return true;
        }, nVocab, 4, " hello");
        return model;
    }

    public static TheoryData<int, bool> Vocabularies => new()
    {
        { 51864, true },   // English: [sot, notimestamps]
        { 51865, true },   // multilingual: [sot, en, transcribe, notimestamps]
        { 51865, false },  // multilingual: [sot, en, transcribe]
        { 51866, false },  // large-v3: [sot, en, transcribe]
    };

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void Unsure_window_whose_nospeech_is_high_after_sot_is_skipped(int nVocab, bool noTimestamps)
    {
        var model = Model(nVocab, noSpeechLogit: 20f, textLogit: 3f);
        var result = new WhisperTranscriber(model).Transcribe(new float[16000 * 5], Options with { NoTimestamps = noTimestamps },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(result.Segments);
        Assert.Equal(1, result.Windows);
        Assert.Equal(1, model.RowDecodes);
    }

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void Confident_text_is_kept_and_reports_the_probability_at_sot(int nVocab, bool noTimestamps)
    {
        // OpenAI's rule: a high no-speech probability does not skip a window whose text is confident.
        var model = Model(nVocab, noSpeechLogit: 40f, textLogit: 30f);
        var result = new WhisperTranscriber(model).Transcribe(new float[16000 * 5], Options with { NoTimestamps = noTimestamps },
            cancellationToken: TestContext.Current.CancellationToken);

        var segment = Assert.Single(result.Segments);
        Assert.Equal(" hello", segment.Text);
        Assert.True(segment.NoSpeechProbability > 0.99f, $"P(no speech) = {segment.NoSpeechProbability}");
    }

    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void Unsure_window_with_low_nospeech_is_kept(int nVocab, bool noTimestamps)
    {
        var model = Model(nVocab, noSpeechLogit: 0f, textLogit: 3f);
        var result = new WhisperTranscriber(model).Transcribe(new float[16000 * 5], Options with { NoTimestamps = noTimestamps },
            cancellationToken: TestContext.Current.CancellationToken);

        var segment = Assert.Single(result.Segments);
        Assert.True(segment.NoSpeechProbability < 1e-3f);
    }

    [Fact]
    public void Prompt_ending_with_sot_needs_no_extra_logits_row()
    {
        // English with timestamps: the prompt is [sot] alone, so its logits are the ones at sot.
        var model = Model(51864, noSpeechLogit: 20f, textLogit: 3f);
        var result = new WhisperTranscriber(model).Transcribe(new float[16000 * 5], Options,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(result.Segments);
        Assert.Equal(0, model.RowDecodes);
    }
}
