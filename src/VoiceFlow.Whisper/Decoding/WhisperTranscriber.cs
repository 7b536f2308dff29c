using VoiceFlow.Whisper.Alignment;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>The result of one transcription job.</summary>
/// <param name="Language">Language code used for decoding (detected when "auto" was asked).</param>
/// <param name="Segments">Segments in order.</param>
/// <param name="Windows">Number of 30 s windows decoded.</param>
/// <param name="Fallbacks">Number of temperature fallbacks taken.</param>
public sealed record WhisperTranscription(string Language, IReadOnlyList<WhisperSegment> Segments, int Windows, int Fallbacks)
{
    /// <summary>Probability of the detected <see cref="Language"/>; <see cref="float.NaN"/> when it was given (or English-only).</summary>
    public float LanguageProbability { get; init; } = float.NaN;
}

/// <summary>
/// Whisper's decoding above the model, following whisper.cpp's <c>whisper_full_with_state</c>: log-mel, 30 s
/// windows advanced by their last timestamp, prompt construction, temperature fallback, segments and token times.
/// One job at a time per instance; several instances may share one <see cref="IWhisperModel"/>.
/// </summary>
public sealed class WhisperTranscriber
{
    private const int SamplesPerFrame = 160;
    private readonly IWhisperModel _model;

    public WhisperTranscriber(IWhisperModel model)
        : this(model, new WhisperVocabulary(model?.TokenBytes!, model?.HyperParameters!))
    {
    }

    /// <summary>Shares an already built vocabulary of <paramref name="model"/>.</summary>
    public WhisperTranscriber(IWhisperModel model, WhisperVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        _model = model;
        Vocabulary = vocabulary;
        Tokenizer = new WhisperTokenizer(Vocabulary);
    }

    /// <summary>The model's token ids.</summary>
    public WhisperVocabulary Vocabulary { get; }

    /// <summary>Encoder for prompts.</summary>
    public WhisperTokenizer Tokenizer { get; }

    /// <summary>
    /// Whether the model is a first-release distilled model (2 decoder layers, not large-v3 sized), which
    /// whisper.cpp always decodes without timestamps.
    /// </summary>
    public bool ForcesNoTimestamps =>
        _model.HyperParameters.NTextLayer == 2 && _model.HyperParameters.NVocab != 51866;

    /// <summary>Number of 10 ms frames whisper.cpp considers audio (n_len_org) for <paramref name="sampleCount"/> samples.</summary>
    public static int ContentFrames(int sampleCount) => 1 + (sampleCount + 200 - 400) / SamplesPerFrame;

    /// <summary>Transcribes 16 kHz mono samples; <paramref name="onSegment"/> sees each segment as soon as it is final.</summary>
    public WhisperTranscription Transcribe(ReadOnlySpan<float> samples16k, WhisperDecodingOptions options,
        Action<WhisperSegment>? onSegment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WhisperOptionsValidator.Validate(options, Vocabulary);

        var effective = ForcesNoTimestamps ? options with { NoTimestamps = true } : options;
        var segments = new List<WhisperSegment>();
        var language = IsAuto(options.Language)
            ? (Vocabulary.IsMultilingual ? null : "en")
            : WhisperLanguages.Code(WhisperLanguages.IndexOf(options.Language));
        var languageProbability = float.NaN;
        var seekEnd = ContentFrames(samples16k.Length);
        if (seekEnd < WindowDecoder.MinimumFrames)
        {
            return new WhisperTranscription(language ?? "en", segments, 0, 0);
        }

        var mel = _model.ComputeMel(samples16k, options.Threads);
        var timestamper = options.TokenTimestamps
            ? new TokenTimestamper(Vocabulary, samples16k, options.TokenTimestampThreshold, options.TokenTimestampSumThreshold)
            : null;

        var aligner = options.WordTimestamps
            ? new WordAligner(_model, Vocabulary, AlignmentHeads.Resolve(options.AlignmentHeads, _model.HyperParameters))
            : null;

        var initialPrompt = string.IsNullOrEmpty(options.InitialPrompt) ? [] : Tokenizer.Encode(options.InitialPrompt);
        var promptPast = new List<int>(initialPrompt);
        List<int>? promptInit = null;

        using var windowDecoder = new WindowDecoder(_model, Vocabulary, effective);
        var seek = 0;
        var windows = 0;
        var fallbacks = 0;
        while (seek + WindowDecoder.MinimumFrames < seekEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var encoded = _model.Encode(mel, seek, options.Threads);
            if (language is null)
            {
                var detection = DetectLanguage(encoded, options.Threads);
                language = detection.Language;
                languageProbability = detection.Probabilities[detection.BestIndex];
            }

            promptInit ??= PromptInit(language, effective);

            // A short tail confuses the decoder when conditioned on earlier text.
            if (seek > 0 && seek + 500 >= seekEnd)
            {
                promptPast.Clear();
            }

            var result = windowDecoder.Decode(encoded, seek, seekEnd, promptPast, promptInit, out var prompt, cancellationToken);
            windows++;
            fallbacks += result.Fallbacks;

            var isNoSpeech = result.NoSpeechProbability > options.NoSpeechThreshold && result.AverageLogProb < options.LogProbThreshold;
            if (options.ConditionOnPreviousText)
            {
                promptPast.Clear();
                if (prompt.Length > 0 && prompt[0] == Vocabulary.Prev)
                {
                    promptPast.AddRange(prompt[1..^promptInit.Count]);
                }

                for (var i = 0; i < result.ResultLength && !isNoSpeech; i++)
                {
                    promptPast.Add(result.Tokens[i].Id);
                }
            }

            if (!isNoSpeech)
            {
                var first = segments.Count;
                SegmentBuilder.Build(Vocabulary, result.Tokens, seek, result.SeekDelta, result.NoSpeechProbability, segments);
                timestamper?.BeginWindow(seek);
                for (var k = first; k < segments.Count; k++)
                {
                    segments[k] = segments[k] with { Language = language, LanguageProbability = languageProbability };
                    if (timestamper is not null)
                    {
                        segments[k] = timestamper.Apply(segments[k]);
                    }
                }

                // Word timestamps: one more decoder pass over the window's text, while its encoder output is at hand.
                aligner?.Align(encoded, SotSequence(promptInit), language, seek, Math.Min(WindowDecoder.WindowFrames, seekEnd - seek),
                    segments, first, options.Threads);
                for (var k = first; k < segments.Count; k++)
                {
                    onSegment?.Invoke(segments[k]);
                }
            }

            seek += SegmentBuilder.Advance(Vocabulary, result.Tokens, seek, seekEnd, result.SeekDelta, effective.MaxTokensPerWindow);
        }

        return new WhisperTranscription(language ?? "en", segments, windows, fallbacks) { LanguageProbability = languageProbability };
    }

    /// <summary>
    /// Language probabilities of the first window (multilingual models), as whisper.cpp's
    /// <c>whisper_lang_auto_detect</c>: softmax of the language tokens' logits after &lt;|startoftranscript|&gt;.
    /// </summary>
    public LanguageDetection DetectLanguage(ReadOnlySpan<float> samples16k, int threads)
    {
        var mel = _model.ComputeMel(samples16k, threads);
        using var encoded = _model.Encode(mel, 0, threads);
        return DetectLanguage(encoded, threads);
    }

    private LanguageDetection DetectLanguage(WhisperEncoderOutput encoded, int threads)
    {
        using var state = _model.CreateDecoderState(encoded);
        var logits = new float[Vocabulary.Size];
        _model.Decode(state, [Vocabulary.Sot], logits, threads);
        var probabilities = new float[Vocabulary.LanguageCount];
        var max = float.NegativeInfinity;
        var best = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = logits[Vocabulary.LanguageToken(i)];
            if (probabilities[i] > max)
            {
                max = probabilities[i];
                best = i;
            }
        }

        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = MathF.Exp(probabilities[i] - max);
            sum += probabilities[i];
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = (float)(probabilities[i] / sum);
        }

        return new LanguageDetection(best, probabilities);
    }

    private List<int> PromptInit(string language, WhisperDecodingOptions options)
    {
        var init = new List<int> { Vocabulary.Sot };
        if (Vocabulary.IsMultilingual)
        {
            init.Add(Vocabulary.LanguageToken(WhisperLanguages.IndexOf(language)));
            init.Add(options.Translate ? Vocabulary.Translate : Vocabulary.Transcribe);
        }

        if (options.NoTimestamps)
        {
            init.Add(Vocabulary.NoTimestamps);
        }

        return init;
    }

    /// <summary>The prompt's start-of-transcript, language and task tokens (without &lt;|notimestamps|&gt;).</summary>
    private List<int> SotSequence(List<int> promptInit) =>
        promptInit.Count > 0 && promptInit[^1] == Vocabulary.NoTimestamps ? promptInit[..^1] : promptInit;

    internal static bool IsAuto(string? language) =>
        string.IsNullOrWhiteSpace(language) || string.Equals(language, "auto", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Result of language detection.</summary>
/// <param name="BestIndex">Index of the likeliest language in <see cref="WhisperLanguages"/>.</param>
/// <param name="Probabilities">Probability per language index.</param>
public sealed record LanguageDetection(int BestIndex, IReadOnlyList<float> Probabilities)
{
    /// <summary>Code of the likeliest language.</summary>
    public string Language => WhisperLanguages.Code(BestIndex);
}
