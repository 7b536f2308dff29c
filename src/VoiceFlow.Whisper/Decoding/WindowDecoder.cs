using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>The chosen decoding of one 30 s window.</summary>
internal sealed record WindowResult(
    IReadOnlyList<WhisperTokenData> Tokens,
    int ResultLength,
    int SeekDelta,
    double AverageLogProb,
    float NoSpeechProbability,
    float Temperature,
    bool Failed,
    int Fallbacks);

/// <summary>
/// Decodes one window as whisper.cpp's <c>whisper_full_with_state</c> inner loops do: for each temperature,
/// run greedy, sampling or beam-search decoders up to the token limit, rank them, and fall back to the next
/// temperature when the best looks degenerate.
/// </summary>
internal sealed class WindowDecoder : IDisposable
{
    /// <summary>A window is 30 s = 3000 frames of 10 ms.</summary>
    public const int WindowFrames = 3000;

    /// <summary>Less than 100 ms of audio is not decoded.</summary>
    public const int MinimumFrames = 10;

    private readonly IWhisperModel _model;
    private readonly WhisperVocabulary _vocabulary;
    private readonly WhisperDecodingOptions _options;
    private readonly WhisperLogitsProcessor _processor;
    private readonly TokenSampler _sampler;
    private readonly DecoderSlot[] _slots;
    private readonly RulesJob _rules;
    private readonly int[] _continuedBy;
    private readonly WhisperDecoderState[] _freeStates;
    private readonly WhisperDecoderState[] _nextStates;
    private readonly int[] _sources;
    private readonly BeamCandidate[] _chosen;
    private readonly List<WhisperTokenData>[] _pendingTokens;
    private readonly float[] _rawLogits;
    private readonly float[] _batchLogits;
    private readonly WhisperDecoderState[] _batchStates;
    private readonly DecoderSlot[] _batchSlots;
    private readonly int[] _batchTokens;
    private float[]? _sotLogits;
    private readonly float[] _scratch;
    private readonly List<BeamCandidate> _candidates = [];
    private readonly List<WhisperTokenData> _top = [];
    private readonly float[] _temperatures;
    private WhisperEncoderOutput? _encoded;

    public WindowDecoder(IWhisperModel model, WhisperVocabulary vocabulary, WhisperDecodingOptions options)
    {
        _model = model;
        _vocabulary = vocabulary;
        _options = options;
        _processor = new WhisperLogitsProcessor(vocabulary, options, model.HyperParameters.NAudioCtx);
        _sampler = new TokenSampler(vocabulary);
        var decoders = Math.Max(1, options.Strategy == WhisperSamplingStrategy.BeamSearch
            ? Math.Max(options.BeamSize, options.BestOf)
            : options.BestOf);
        _slots = new DecoderSlot[decoders];
        for (var j = 0; j < decoders; j++)
        {
            _slots[j] = new DecoderSlot(j, vocabulary.Size);
        }

        _rules = new RulesJob(this);
        _continuedBy = new int[decoders];
        _freeStates = new WhisperDecoderState[decoders];
        _nextStates = new WhisperDecoderState[decoders];
        _sources = new int[decoders];
        _chosen = new BeamCandidate[decoders];
        _pendingTokens = new List<WhisperTokenData>[decoders];
        for (var j = 0; j < decoders; j++)
        {
            _pendingTokens[j] = new List<WhisperTokenData>(256);
        }

        _rawLogits = new float[vocabulary.Size];
        _batchLogits = new float[decoders * vocabulary.Size];
        _batchStates = new WhisperDecoderState[decoders];
        _batchSlots = new DecoderSlot[decoders];
        _batchTokens = new int[decoders];
        _scratch = new float[vocabulary.Size];
        _temperatures = Temperatures(options.Temperature, options.TemperatureIncrement);
        MaxTokens = model.HyperParameters.NTextCtx / 2 - 4;
    }

    /// <summary>Most tokens sampled in one window: n_text_ctx/2 - 4 (220 for every Whisper model).</summary>
    public int MaxTokens { get; }

    /// <summary>The fallback temperatures t0, t0 + inc, ... up to 1.0, or just t0 when inc is 0.</summary>
    public static float[] Temperatures(float start, float increment)
    {
        if (increment <= 0)
        {
            return [start];
        }

        var list = new List<float>();
        for (var t = start; t < 1.0f + 1e-6f; t += increment)
        {
            list.Add(t);
        }

        return [.. list];
    }

    /// <summary>
    /// Decodes the window at <paramref name="seek"/> of <paramref name="encoded"/> audio.
    /// </summary>
    /// <remarks>
    /// <paramref name="promptPast"/> holds previous-text tokens (initial prompt and/or earlier windows);
    /// <paramref name="promptInit"/> the sot, language, task and no-timestamps tokens; <paramref name="prompt"/>
    /// receives the prompt used at the chosen temperature.
    /// </remarks>
    public WindowResult Decode(WhisperEncoderOutput encoded, int seek, int seekEnd, IReadOnlyList<int> promptPast,
        IReadOnlyList<int> promptInit, out int[] prompt, CancellationToken cancellationToken)
    {
        // States attend to this window's encoder output; they are created when a temperature first needs them.
        _encoded = encoded;
        foreach (var slot in _slots)
        {
            slot.State?.Dispose();
            slot.State = null;
        }

        var best = 0;
        var noSpeech = 0.0f;
        var fallbacks = 0;
        var temperature = _temperatures[0];
        prompt = [];
        for (var it = 0; it < _temperatures.Length; it++)
        {
            temperature = _temperatures[it];
            var beam = _options.Strategy == WhisperSamplingStrategy.BeamSearch && temperature <= 0;
            var count = Math.Max(1, beam ? _options.BeamSize : temperature > 0 ? _options.BestOf : 1);

            foreach (var slot in _slots.AsSpan(0, count))
            {
                slot.Reset(WindowFrames);
            }

            prompt = BuildPrompt(promptPast, promptInit, temperature);
            noSpeech = DecodePrompt(prompt, prompt.Length - promptInit.Count, count, temperature);

            for (var i = 0; i < MaxTokens; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (beam)
                {
                    BeamStep(count);
                }
                else
                {
                    SampleStep(count, temperature);
                }

                var anyActive = false;
                foreach (var slot in _slots.AsSpan(0, count))
                {
                    if (slot.Active)
                    {
                        UpdateAfterToken(slot, i, seek, seekEnd);
                        anyActive |= slot.Active;
                    }
                }

                if (!anyActive || i == MaxTokens - 1)
                {
                    break;
                }

                DecodeActive(count, temperature);
            }

            best = Rank(count, best);
            if (it == _temperatures.Length - 1 || !NeedsFallback(_slots[best], noSpeech))
            {
                break;
            }

            fallbacks++;
        }

        var chosen = _slots[best];
        return new WindowResult([.. chosen.Tokens], chosen.ResultLength, chosen.SeekDelta, chosen.AverageLogProb, noSpeech,
            temperature, chosen.Failed, fallbacks);
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.State?.Dispose();
            slot.State = null;
        }
    }

    private int[] BuildPrompt(IReadOnlyList<int> promptPast, IReadOnlyList<int> promptInit, float temperature)
    {
        var prompt = new List<int>(promptPast.Count + promptInit.Count + 1);
        if (promptPast.Count > 0 && temperature < 0.5f && _options.MaxPromptTokens > 0)
        {
            // whisper.cpp's budget: min(n_max_text_ctx, n_text_ctx / 2) tokens including <|startofprev|>.
            var textContext = _model.HyperParameters.NTextCtx;
            var take = Math.Min(Math.Min(_options.MaxPromptTokens, textContext / 2) - 1, promptPast.Count);

            // Keep prompt + sampled tokens inside the decoder's context (whisper.cpp can overrun it here).
            take = Math.Min(take, textContext - MaxTokens - promptInit.Count - 1);
            if (take >= 0)
            {
                prompt.Add(_vocabulary.Prev);
                for (var k = promptPast.Count - take; k < promptPast.Count; k++)
                {
                    prompt.Add(promptPast[k]);
                }
            }
        }

        prompt.AddRange(promptInit);
        return [.. prompt];
    }

    /// <summary>
    /// Decodes the prompt once, shares its cache with the other decoders; returns P(no speech), read from the raw
    /// distribution (before any rule or temperature) at <paramref name="sotIndex"/>, the &lt;|startoftranscript|&gt;
    /// position, as OpenAI's decoder does: the model predicts &lt;|nospeech|&gt; right after it. When language, task
    /// or no-timestamps tokens follow it, that costs one extra logits row.
    /// </summary>
    private float DecodePrompt(int[] prompt, int sotIndex, int count, float temperature)
    {
        for (var j = 0; j < count; j++)
        {
            _slots[j].State ??= _model.CreateDecoderState(_encoded!);
        }

        var first = _slots[0];
        first.State!.Truncate(0);
        var atSot = _rawLogits;
        if (sotIndex == prompt.Length - 1)
        {
            _model.Decode(first.State, prompt, _rawLogits, _options.Threads);
        }
        else
        {
            atSot = _sotLogits ??= new float[_rawLogits.Length];
            _model.Decode(first.State, prompt, _rawLogits, sotIndex, atSot, _options.Threads);
        }

        WhisperLogitsProcessor.LogSoftmax(atSot, _scratch, first.Probs);
        var noSpeech = MathF.Exp(_scratch[_vocabulary.NoSpeech]);

        _processor.Process(_rawLogits, first.Ids, first.HasTimestamp, first.SeekDelta, temperature, first.LogProbs, first.Probs);
        for (var j = 1; j < count; j++)
        {
            var slot = _slots[j];
            slot.State!.CopyFrom(first.State);
            first.LogProbs.CopyTo(slot.LogProbs, 0);
            first.Probs.CopyTo(slot.Probs, 0);
        }

        return noSpeech;
    }

    /// <summary>
    /// Feeds every active decoder its last token in one batched pass (the weights are read once for all beams or
    /// candidates), then applies the logits rules to each result.
    /// </summary>
    private void DecodeActive(int count, float temperature)
    {
        var active = 0;
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active)
            {
                _batchSlots[active] = slot;
                _batchStates[active] = slot.State!;
                _batchTokens[active] = slot.Ids[^1];
                active++;
            }
        }

        var vocab = _rawLogits.Length;
        _model.DecodeBatch(_batchStates.AsSpan(0, active), _batchTokens.AsSpan(0, active), _batchLogits.AsSpan(0, active * vocab), _options.Threads);

        // Each decoder's rules read its own logits and write only its own slot: with several, they share the threads.
        _rules.Temperature = temperature;
        WorkerPool.Shared.Run(_rules, active, _options.Threads);
    }

    /// <summary>The logits rules of one decoder of the step (work item j: the j-th active one).</summary>
    private void ApplyRules(int j, float temperature)
    {
        var vocab = _rawLogits.Length;
        var slot = _batchSlots[j];
        _processor.Process(_batchLogits.AsSpan(j * vocab, vocab), slot.Ids, slot.HasTimestamp, slot.SeekDelta, temperature, slot.LogProbs, slot.Probs);
    }

    private void SampleStep(int count, float temperature)
    {
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active)
            {
                slot.Append(temperature < 1e-6f
                    ? _sampler.Best(slot.Probs, slot.LogProbs)
                    : _sampler.Sample(slot.Probs, slot.LogProbs, slot.Rng));
            }
        }
    }

    private void BeamStep(int count)
    {
        _candidates.Clear();
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (!slot.Active)
            {
                continue;
            }

            _sampler.Top(slot.Probs, slot.LogProbs, _options.BeamSize, _top);
            foreach (var token in _top)
            {
                _candidates.Add(new BeamCandidate(slot.Index, _candidates.Count, slot.SeekDelta, slot.HasTimestamp, slot.ResultLength, token,
                    slot.SumLogProbsAll + token.LogProbability));
            }
        }

        // Best cumulative log-probability first; the lower decoder index, then the earlier candidate, first on ties.
        _candidates.Sort(BeamCandidate.Ranking);

        var next = 0;
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (!slot.Active)
            {
                continue;
            }

            if (next >= _candidates.Count)
            {
                next = 0;
            }

            var chosen = _candidates[next++];

            // Identical sequences reached through different beams are taken once.
            while (next < _candidates.Count && SameSequence(_candidates[next], chosen))
            {
                next++;
            }

            _chosen[slot.Index] = chosen;
            _sources[slot.Index] = chosen.DecoderIndex;
        }

        // Every new sequence is its source's old one plus the chosen token: read all sources before any is replaced.
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active)
            {
                _pendingTokens[slot.Index].Clear();
                _pendingTokens[slot.Index].AddRange(_slots[_sources[slot.Index]].Tokens);
            }
        }

        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active)
            {
                var chosen = _chosen[slot.Index];
                slot.SeekDelta = chosen.SeekDelta;
                slot.HasTimestamp = chosen.HasTimestamp;
                slot.ResultLength = chosen.ResultLength;
                slot.SetSequence(_pendingTokens[slot.Index], chosen.Token, chosen.SumLogProbsAll);
            }
        }

        ForkStates(count);
    }

    /// <summary>
    /// Gives every active slot the KV cache of its source. A source's state moves, without a copy, to one slot that
    /// continues it (the source itself when it continues its own sequence, so beams that only change places copy
    /// nothing); a state that no slot continues is free, and every further slot continuing the same source copies it
    /// into one of those (there are exactly as many). Sources are only read, so the copies may go in any order.
    /// </summary>
    private void ForkStates(int count)
    {
        _continuedBy.AsSpan(0, count).Fill(-1);
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active && _sources[slot.Index] == slot.Index)
            {
                _continuedBy[slot.Index] = slot.Index;
            }
        }

        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active && _continuedBy[_sources[slot.Index]] < 0)
            {
                _continuedBy[_sources[slot.Index]] = slot.Index;
            }
        }

        var free = 0;
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active && _continuedBy[slot.Index] < 0)
            {
                _freeStates[free++] = slot.State!;
            }
        }

        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (!slot.Active)
            {
                continue;
            }

            var source = _slots[_sources[slot.Index]].State!;
            if (_continuedBy[_sources[slot.Index]] == slot.Index)
            {
                _nextStates[slot.Index] = source;
            }
            else
            {
                var copy = _freeStates[--free];
                copy.CopyFrom(source);
                _nextStates[slot.Index] = copy;
            }
        }

        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Active)
            {
                slot.State = _nextStates[slot.Index];
            }
        }

        _freeStates.AsSpan().Clear();
        _nextStates.AsSpan().Clear();
    }

    /// <summary>Whether two candidates extend equal sequences with the same token (read before any slot changes).</summary>
    private bool SameSequence(in BeamCandidate a, in BeamCandidate b) =>
        a.Token.Id == b.Token.Id
        && (a.DecoderIndex == b.DecoderIndex || _slots[a.DecoderIndex].Ids.SequenceEqual(_slots[b.DecoderIndex].Ids));

    private void UpdateAfterToken(DecoderSlot slot, int i, int seek, int seekEnd)
    {
        var token = slot.Tokens[^1];
        var beg = _vocabulary.TimestampBegin;
        if (token.Id > beg)
        {
            var seekDeltaNew = 2 * (token.Id - beg);

            // Do not go back in time.
            if (slot.HasTimestamp && slot.SeekDelta > seekDeltaNew && slot.ResultLength < i)
            {
                slot.Failed = true;
                return;
            }

            slot.SeekDelta = seekDeltaNew;
            slot.ResultLength = i + 1;
            slot.HasTimestamp = true;
        }

        var endOfAudio = slot.HasTimestamp && seek + slot.SeekDelta + MinimumFrames >= seekEnd;
        if (token.Id == _vocabulary.Eot || (_options.MaxTokensPerWindow > 0 && i >= _options.MaxTokensPerWindow) || endOfAudio)
        {
            if (slot.ResultLength == 0 && !_options.NoTimestamps)
            {
                if (seek + slot.SeekDelta + MinimumFrames >= seekEnd)
                {
                    slot.ResultLength = i + 1;
                }
                else
                {
                    slot.Failed = true;
                    return;
                }
            }

            if (_options.NoTimestamps)
            {
                slot.ResultLength = i + 1;
                slot.SeekDelta = WindowFrames;
            }

            slot.Completed = true;
            return;
        }

        // A decoder still running at the token limit without a usable timestamp is stuck in a repetition loop.
        if (i == MaxTokens - 1 && (slot.ResultLength == 0 || slot.SeekDelta < WindowFrames / 2))
        {
            slot.Failed = true;
        }
    }

    private int Rank(int count, int best)
    {
        var bestScore = double.NegativeInfinity;
        foreach (var slot in _slots.AsSpan(0, count))
        {
            if (slot.Failed)
            {
                continue;
            }

            slot.TruncateToResult();
            slot.ComputeScore(_options.LengthPenalty);
            if (slot.ResultLength > 32 && slot.Entropy < _options.EntropyThreshold)
            {
                slot.Failed = true;
                continue;
            }

            if (bestScore < slot.Score)
            {
                bestScore = slot.Score;
                best = slot.Index;
            }
        }

        return best;
    }

    private bool NeedsFallback(DecoderSlot best, float noSpeech)
    {
        if (best.Failed || (best.AverageLogProb < _options.LogProbThreshold && noSpeech < _options.NoSpeechThreshold))
        {
            return true;
        }

        if (_options.CompressionRatioThreshold is { } threshold)
        {
            var ids = best.Ids[..Math.Min(best.ResultLength, best.Ids.Length)];
            return CompressionRatio.Of(TokenTextDecoder.DecodeText(_vocabulary, ids)) > threshold;
        }

        return false;
    }

    /// <summary>One beam extended by one token; <paramref name="Order"/> is its place among this step's candidates.</summary>
    private readonly record struct BeamCandidate(int DecoderIndex, int Order, int SeekDelta, bool HasTimestamp, int ResultLength,
        WhisperTokenData Token, double SumLogProbsAll)
    {
        public static readonly Comparison<BeamCandidate> Ranking = (a, b) =>
            a.SumLogProbsAll != b.SumLogProbsAll ? b.SumLogProbsAll.CompareTo(a.SumLogProbsAll)
            : a.DecoderIndex != b.DecoderIndex ? a.DecoderIndex.CompareTo(b.DecoderIndex)
            : a.Order.CompareTo(b.Order);
    }

    private sealed class RulesJob(WindowDecoder owner) : IParallelWork
    {
        public float Temperature { get; set; }

        public void Execute(int index) => owner.ApplyRules(index, Temperature);
    }
}
