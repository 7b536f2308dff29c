using System.Numerics.Tensors;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// whisper.cpp's <c>whisper_process_logits</c>: token suppression, timestamp rules and log-softmax for one decoder
/// step. Stateless apart from precomputed id lists, so one instance serves all decoders of a job.
/// </summary>
internal sealed class WhisperLogitsProcessor
{
    // OpenAI's list of symbols that are rarely speech; each is suppressed alone and with a leading space.
    private static readonly string[] NonSpeechSymbols =
    [
        "\"", "#", "(", ")", "*", "+", "/", ":", ";", "<", "=", ">", "@", "[", "\\", "]", "^",
        "_", "`", "{", "|", "}", "~", "「", "」", "『", "』", "<<", ">>", "<<<", ">>>", "--",
        "---", "-(", "-[", "('", "(\"", "((", "))", "(((", ")))", "[[", "]]", "{{", "}}", "♪♪",
        "♪♪♪", "♩", "♪", "♫", "♬", "♭", "♮", "♯",
    ];

    private readonly WhisperVocabulary _vocabulary;
    private readonly int[] _alwaysSuppressed;
    private readonly int[] _nonSpeech;
    private readonly int _blankId;
    private readonly bool _suppressBlank;
    private readonly bool _suppressNonSpeech;
    private readonly bool _noTimestamps;
    private readonly int _maxInitialTimestampIndex;
    private readonly int _maxTokens;

    public WhisperLogitsProcessor(WhisperVocabulary vocabulary, WhisperDecodingOptions options, int audioContext)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(options);
        _vocabulary = vocabulary;
        _suppressBlank = options.SuppressBlank;
        _suppressNonSpeech = options.SuppressNonSpeechTokens;
        _noTimestamps = options.NoTimestamps;
        _maxTokens = options.MaxTokensPerWindow;
        _blankId = vocabulary.TryGetTextId(" ", out var blank) ? blank : -1;

        var suppressed = new List<int>
        {
            vocabulary.NoTimestamps, vocabulary.Sot, vocabulary.NoSpeech, vocabulary.StartOfLm,
            vocabulary.Translate, vocabulary.Transcribe, vocabulary.Prev,
        };

        // whisper.cpp masks 100 ids after <|startoftranscript|> whatever the model's language count.
        for (var i = 0; i < WhisperLanguages.Count; i++)
        {
            suppressed.Add(vocabulary.LanguageToken(i));
        }

        _alwaysSuppressed = [.. suppressed.Where(id => id < vocabulary.Size).Distinct()];

        var nonSpeech = new List<int>();
        foreach (var symbol in NonSpeechSymbols)
        {
            AddIfPresent(nonSpeech, symbol);
            AddIfPresent(nonSpeech, " " + symbol);
        }

        // Hyphens and apostrophes are fine inside words, not at a word start.
        AddIfPresent(nonSpeech, " -");
        AddIfPresent(nonSpeech, " '");
        _nonSpeech = [.. nonSpeech];

        if (options.MaxInitialTimestamp > 0)
        {
            var precision = 30.0f / audioContext;
            _maxInitialTimestampIndex = (int)MathF.Round(options.MaxInitialTimestamp / precision, MidpointRounding.AwayFromZero);
        }
        else
        {
            _maxInitialTimestampIndex = -1;
        }
    }

    /// <summary>
    /// The suppression whisper.cpp applies before its logits-filter callback: blank at the first step,
    /// &lt;|notimestamps|&gt; (and all timestamps in no-timestamps mode), task, language and other special tokens.
    /// </summary>
    public void SuppressSpecialTokens(Span<float> logits, bool isInitial)
    {
        if (_suppressBlank && isInitial)
        {
            logits[_vocabulary.Eot] = float.NegativeInfinity;
            if (_blankId >= 0)
            {
                logits[_blankId] = float.NegativeInfinity;
            }
        }

        if (_noTimestamps)
        {
            logits[_vocabulary.TimestampBegin..].Fill(float.NegativeInfinity);
        }

        foreach (var id in _alwaysSuppressed)
        {
            logits[id] = float.NegativeInfinity;
        }
    }

    /// <summary>
    /// Applies every rule to the raw <paramref name="logits"/> of one step (modified in place) and fills
    /// <paramref name="logProbs"/> and <paramref name="probs"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="logits"/> are raw (length n_vocab), scaled by 1/temperature and masked in place;
    /// <paramref name="sampled"/> are the tokens this decoder sampled so far in the window (not the prompt);
    /// <paramref name="hasTimestamp"/> tells whether a timestamp after 0.00 s was sampled; <paramref name="seekDelta"/>
    /// is the window advance implied by the last timestamp, in 10 ms frames.
    /// </remarks>
    /// <returns>The log-probabilities whisper.cpp compares to decide whether a timestamp is forced.</returns>
    public LogitsStepInfo Process(Span<float> logits, ReadOnlySpan<int> sampled, bool hasTimestamp, int seekDelta, float temperature,
        Span<float> logProbs, Span<float> probs)
    {
        var beg = _vocabulary.TimestampBegin;
        if (temperature > 0)
        {
            TensorPrimitives.Divide(logits, temperature, logits);
        }

        var isInitial = sampled.IsEmpty;
        SuppressSpecialTokens(logits, isInitial);

        // whisper.cpp PR 3798: once a window holds max_tokens tokens, only a timestamp or end-of-text may follow.
        if (!_noTimestamps && _maxTokens > 0 && sampled.Length >= _maxTokens)
        {
            logits[.._vocabulary.Eot].Fill(float.NegativeInfinity);
        }

        if (_suppressNonSpeech)
        {
            foreach (var id in _nonSpeech)
            {
                logits[id] = float.NegativeInfinity;
            }
        }

        // Timestamps come in pairs, except directly before end-of-text.
        var lastWasTimestamp = sampled.Length > 0 && sampled[^1] >= beg;
        var penultimateWasTimestamp = sampled.Length < 2 || sampled[^2] >= beg;
        if (lastWasTimestamp)
        {
            if (penultimateWasTimestamp)
            {
                logits[beg..].Fill(float.NegativeInfinity);
            }
            else
            {
                logits[.._vocabulary.Eot].Fill(float.NegativeInfinity);
            }
        }

        if (isInitial && _maxInitialTimestampIndex >= 0)
        {
            var first = beg + _maxInitialTimestampIndex + 1;
            if (first < logits.Length)
            {
                logits[first..].Fill(float.NegativeInfinity);
            }
        }

        // Timestamps must not decrease.
        if (hasTimestamp)
        {
            var end = Math.Min(logits.Length, beg + seekDelta / 2);
            if (end > beg)
            {
                logits[beg..end].Fill(float.NegativeInfinity);
            }
        }

        LogSoftmax(logits, logProbs, probs);

        // When the timestamps together are likelier than any single text token, a timestamp must come next.
        var timestampLogProb = LogSumExp(logProbs[beg..]);
        var maxTextLogProb = TensorPrimitives.Max(logProbs[..beg]);
        var forced = timestampLogProb > maxTextLogProb;
        if (forced)
        {
            logits[..beg].Fill(float.NegativeInfinity);
            logProbs[..beg].Fill(float.NegativeInfinity);
        }

        // probs = exp(logprobs); exp(-inf) = 0.
        TensorPrimitives.Exp(logProbs, probs);
        return new LogitsStepInfo(timestampLogProb, maxTextLogProb, forced);
    }

    /// <summary>Log-softmax over all ids; -inf stays -inf. <paramref name="scratch"/> is overwritten.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> logProbs, Span<float> scratch)
    {
        var max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max))
        {
            logProbs.Fill(float.NegativeInfinity);
            return;
        }

        TensorPrimitives.Subtract(logits, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        var logSumExp = MathF.Log(TensorPrimitives.Sum(scratch)) + max;
        TensorPrimitives.Subtract(logits, logSumExp, logProbs);
    }

    private static float LogSumExp(ReadOnlySpan<float> values)
    {
        var max = TensorPrimitives.Max(values);
        if (float.IsNegativeInfinity(max))
        {
            return float.NegativeInfinity;
        }

        var sum = 0.0f;
        foreach (var v in values)
        {
            if (v > float.NegativeInfinity)
            {
                sum += MathF.Exp(v - max);
            }
        }

        return MathF.Log(sum) + max;
    }

    private void AddIfPresent(List<int> ids, string text)
    {
        if (_vocabulary.TryGetTextId(text, out var id))
        {
            ids.Add(id);
        }
    }
}

/// <summary>What one logits step decided.</summary>
/// <param name="TimestampLogProb">Log of the total probability of all timestamp tokens.</param>
/// <param name="MaxTextLogProb">Log-probability of the best non-timestamp token.</param>
/// <param name="TimestampForced">Whether text was masked because a timestamp was likelier.</param>
internal readonly record struct LogitsStepInfo(float TimestampLogProb, float MaxTextLogProb, bool TimestampForced);
