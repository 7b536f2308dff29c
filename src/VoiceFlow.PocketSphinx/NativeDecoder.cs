using System.Globalization;
using System.Runtime.InteropServices;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.PocketSphinx.Audio;
using VoiceFlow.PocketSphinx.Interop;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// One <c>ps_decoder_t</c> with its own copy of the model. Not thread-safe: one job at a time.
/// Every job starts from the same state (new stream, CMN restarted), so results never depend on history.
/// </summary>
internal sealed partial class NativeDecoder : IDisposable
{
    private const string SearchName = "voiceflow";

    private readonly DecoderHandle _decoder;
    private readonly CepstralMeanMode _cepstralMean;
    private readonly int _blockSamples;
    private readonly double _secondsPerFrame;
    private readonly double _logBase;
    private readonly float[] _initialCepstralMean;
    private readonly nint _cmn;
    private readonly nint _feat;
    private short[] _pcm = [];

    private NativeDecoder(DecoderHandle decoder, PocketSphinxOptions options, double framesPerSecond, double logBase, float[] initialCepstralMean, nint cmn, nint feat)
    {
        _feat = feat;
        _decoder = decoder;
        _cepstralMean = options.CepstralMean;
        _blockSamples = options.BlockSamples;
        _secondsPerFrame = 1.0 / framesPerSecond;
        _logBase = logBase;
        _initialCepstralMean = initialCepstralMean;
        _cmn = cmn;
        _streamMean = new float[initialCepstralMean.Length];
        _streamSum = new double[initialCepstralMean.Length];
        _phraseBaseSum = new double[initialCepstralMean.Length];
    }

    /// <summary>Loads the model. Options must already be validated; throws <see cref="EngineException"/> naming the file that failed.</summary>
    public static NativeDecoder Create(PocketSphinxOptions options, PocketSphinxModelPaths paths)
    {
        PocketSphinxLibrary.EnsureLoaded();
        lock (PocketSphinxLibrary.NativeStateLock)
        {
            using var config = SphinxBaseNative.cmd_ln_parse_r(0, PocketSphinxNative.ps_args(), 0, 0, 0);
            if (config.IsInvalid)
            {
                throw new EngineException("PocketSphinx could not create a configuration (libpocketsphinx3 may be damaged)");
            }

            Configure(config, options, paths);
            var decoder = PocketSphinxNative.ps_init(config);
            if (decoder.IsInvalid)
            {
                decoder.Dispose();
                throw new EngineException(
                    $"PocketSphinx could not load acoustic model '{paths.AcousticModel}' with dictionary '{paths.Dictionary}' (corrupt or mismatched files; set {PocketSphinxLibrary.LogFileVariable}=<file> for the library's log)");
            }

            try
            {
                AddSearch(decoder, options, paths);
                var sampleRate = SphinxBaseNative.cmd_ln_float_r(config, "-samprate");
                if (Math.Abs(sampleRate - 16_000) > 0.5)
                {
                    throw new EngineException(string.Create(CultureInfo.InvariantCulture,
                        $"PocketSphinx acoustic model '{paths.AcousticModel}' expects {sampleRate:G} Hz audio; VoiceFlow feeds 16000 Hz"));
                }

                var framesPerSecond = (double)SphinxBaseNative.cmd_ln_int_r(config, "-frate");
                var logBase = SphinxBaseNative.cmd_ln_float_r(config, "-logbase");
                var cepstrumLength = (int)SphinxBaseNative.cmd_ln_int_r(config, "-ceplen");
                var initialMean = ParseCepstralMean(ReadString(config, "-cmninit"), cepstrumLength, paths);
                // Found in either mode: streams (decoding while the user speaks) need it too, and do without when absent.
                var feat = PocketSphinxNative.ps_get_feat(decoder);
                if (!FeatureStreamLayout.TryGetCepstralMean(feat, cepstrumLength, out var cmnPointer) && options.CepstralMean == CepstralMeanMode.Live)
                {
                    throw new EngineException("PocketSphinx live CMN needs libsphinxbase3 0.8+5prealpha (its feature structure is not the expected one): use CepstralMean = Utterance");
                }

                return new NativeDecoder(decoder, options, framesPerSecond, logBase, initialMean, cmnPointer, cmnPointer == 0 ? 0 : feat);
            }
            catch
            {
                decoder.Dispose();
                throw;
            }
        }
    }

    /// <summary>Recognises <paramref name="samples"/> (16 kHz mono float). Cancellation is checked between blocks.</summary>
    public DecodeResult Decode(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (samples.IsEmpty)
        {
            return DecodeResult.Empty;
        }

        RestartState(liveMean: _cepstralMean == CepstralMeanMode.Live);
        Check(PocketSphinxNative.ps_start_utt(_decoder), "start an utterance");
        var ended = false;
        try
        {
            if (_cepstralMean == CepstralMeanMode.Utterance)
            {
                FeedWhole(samples);
            }
            else
            {
                FeedBlocks(samples, cancellationToken);
            }

            ended = true;
            Check(PocketSphinxNative.ps_end_utt(_decoder), "end the utterance");
        }
        finally
        {
            if (!ended)
            {
                // Leaves the decoder ready for the next job after a cancellation or failure.
                PocketSphinxNative.ps_end_utt(_decoder);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ReadResult();
    }

    public void Dispose() => _decoder.Dispose();

    private unsafe void RestartState(bool liveMean)
    {
        Check(PocketSphinxNative.ps_start_stream(_decoder), "start a stream");
        if (liveMean && _cmn != 0)
        {
            fixed (float* mean = _initialCepstralMean)
            {
                SphinxBaseNative.cmn_live_set(_cmn, mean);
            }
        }
    }

    private unsafe void FeedWhole(ReadOnlySpan<float> samples)
    {
        // Batch CMN needs the whole utterance in one call; the buffer is kept for the next job.
        if (_pcm.Length < samples.Length)
        {
            _pcm = new short[samples.Length];
        }

        Pcm16Converter.Convert(samples, _pcm);
        fixed (short* pcm = _pcm)
        {
            Check(PocketSphinxNative.ps_process_raw(_decoder, pcm, (nuint)samples.Length, 0, 1), "process audio");
        }
    }

    private unsafe void FeedBlocks(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        if (_pcm.Length < _blockSamples)
        {
            _pcm = new short[_blockSamples];
        }

        fixed (short* pcm = _pcm)
        {
            for (var offset = 0; offset < samples.Length; offset += _blockSamples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = samples.Slice(offset, Math.Min(_blockSamples, samples.Length - offset));
                Pcm16Converter.Convert(block, _pcm);
                Check(PocketSphinxNative.ps_process_raw(_decoder, pcm, (nuint)block.Length, 0, 0), "process audio");
            }
        }
    }

    private DecodeResult ReadResult()
    {
        var text = Marshal.PtrToStringUTF8(PocketSphinxNative.ps_get_hyp(_decoder, out _)) ?? string.Empty;
        if (text.Length == 0)
        {
            return DecodeResult.Empty;
        }

        var confidence = Posterior(PocketSphinxNative.ps_get_prob(_decoder));
        return new DecodeResult(text, confidence, ReadWords());
    }

    private List<WordTiming> ReadWords()
    {
        var words = new List<WordTiming>();
        using var segments = PocketSphinxNative.ps_seg_iter(_decoder);
        if (segments.IsInvalid)
        {
            return words;
        }

        do
        {
            var word = Marshal.PtrToStringUTF8(PocketSphinxNative.ps_seg_word(segments));
            if (SegmentWords.ToSpokenWord(word) is not { } spoken)
            {
                continue;
            }

            PocketSphinxNative.ps_seg_frames(segments, out var startFrame, out var endFrame);
            var probability = Posterior(PocketSphinxNative.ps_seg_prob(segments, out _, out _, out _));
            words.Add(new WordTiming(
                spoken,
                TimeSpan.FromSeconds(startFrame * _secondsPerFrame),
                TimeSpan.FromSeconds((endFrame + 1) * _secondsPerFrame),
                probability));
        }
        while (segments.MoveNext());

        return words;
    }

    /// <summary>Scores are logarithms in base <c>-logbase</c>; a posterior is at most 1 (log 0).</summary>
    private float Posterior(int logProbability) =>
        (float)Math.Clamp(Math.Exp(logProbability * Math.Log(_logBase)), 0, 1);

    private static void Configure(ConfigHandle config, PocketSphinxOptions options, PocketSphinxModelPaths paths)
    {
        SphinxBaseNative.cmd_ln_set_str_r(config, "-hmm", paths.AcousticModel);
        SphinxBaseNative.cmd_ln_set_str_r(config, "-dict", paths.Dictionary);
        SetFloat(config, "-lw", options.LanguageWeight);
        SetFloat(config, "-beam", options.Beam);
        SetFloat(config, "-wbeam", options.WordBeam);
        SetFloat(config, "-wip", options.WordInsertionPenalty);
        SetFloat(config, "-kws_threshold", options.KeywordThreshold);
        if (options.RemoveNoise is { } removeNoise)
        {
            SphinxBaseNative.cmd_ln_set_int_r(config, "-remove_noise", removeNoise ? 1 : 0);
        }

        if (options.RemoveSilence is { } removeSilence)
        {
            SphinxBaseNative.cmd_ln_set_int_r(config, "-remove_silence", removeSilence ? 1 : 0);
        }
    }

    /// <summary>Adds the search after the model loaded, so a failure can be blamed on the right file.</summary>
    private static void AddSearch(DecoderHandle decoder, PocketSphinxOptions options, PocketSphinxModelPaths paths)
    {
        if (paths.Grammar is { } grammar)
        {
            Require(PocketSphinxNative.ps_set_jsgf_file(decoder, SearchName, grammar),
                $"PocketSphinx rejected grammar '{grammar}': not valid JSGF, no public rule, or words missing from dictionary '{paths.Dictionary}'");
        }
        else if (paths.KeywordList is { } keywords)
        {
            Require(PocketSphinxNative.ps_set_kws(decoder, SearchName, keywords),
                $"PocketSphinx rejected keyword list '{keywords}': unreadable, or words missing from dictionary '{paths.Dictionary}'");
        }
        else if (options.Keyphrase is { } keyphrase)
        {
            Require(PocketSphinxNative.ps_set_keyphrase(decoder, SearchName, keyphrase),
                $"PocketSphinx rejected keyphrase '{keyphrase}': a word is missing from dictionary '{paths.Dictionary}'");
        }
        else if (paths.LanguageModel is { } languageModel)
        {
            Require(PocketSphinxNative.ps_set_lm_file(decoder, SearchName, languageModel),
                $"PocketSphinx could not load language model '{languageModel}' (not an ARPA or binary n-gram model, or corrupt)");
        }
        else
        {
            throw new EngineException("PocketSphinx needs a language model, grammar, keyword list or keyphrase");
        }

        Require(PocketSphinxNative.ps_set_search(decoder, SearchName), "PocketSphinx could not activate its search");
    }

    private static float[] ParseCepstralMean(string? values, int cepstrumLength, PocketSphinxModelPaths paths)
    {
        var mean = new float[cepstrumLength];
        var parts = (values ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length && i < cepstrumLength; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out mean[i]))
            {
                throw new EngineException($"PocketSphinx acoustic model '{paths.AcousticModel}' has an invalid -cmninit value '{values}' in feat.params");
            }
        }

        return mean;
    }

    private static string? ReadString(ConfigHandle config, string name) =>
        Marshal.PtrToStringUTF8(SphinxBaseNative.cmd_ln_str_r(config, name));

    private static void SetFloat(ConfigHandle config, string name, double? value)
    {
        if (value is { } v)
        {
            SphinxBaseNative.cmd_ln_set_float_r(config, name, v);
        }
    }

    private static void Require(int status, string message)
    {
        if (status < 0)
        {
            throw new EngineException(message);
        }
    }

    private static void Check(int status, string action)
    {
        if (status < 0)
        {
            throw new EngineException($"PocketSphinx failed to {action} (status {status})");
        }
    }
}
