using VoiceFlow.PocketSphinx.Audio;
using VoiceFlow.PocketSphinx.Interop;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// Streams: an utterance fed while it is captured. The batch cepstral mean (the whole utterance's, what a job uses)
/// cannot be known before the end, so a stream subtracts a fixed mean it is given (the model's <c>-cmninit</c> at
/// first) and measures the utterance's real mean exactly as it goes: before each native call the running CMN is set
/// back to that fixed mean (so sphinxbase never shifts it), and after the call the sum it added is read out. The
/// caller restarts the stream with the measured mean when it has drifted (<see cref="PocketSphinxStream"/>).
/// </summary>
internal sealed partial class NativeDecoder
{
    /// <summary>sphinxbase's CMN_WIN: the weight, in frames, cmn_live_set gives the mean it sets.</summary>
    private const int CmnPriorFrames = 500;

    /// <summary>Samples per native call: ≤ 100 frames, well under the 300 that would make sphinxbase shift its window.</summary>
    private const int StreamCallSamples = 16_000;

    private readonly float[] _streamMean;
    private readonly double[] _streamSum;
    private readonly double[] _phraseBaseSum;
    private long _phraseBaseFrames;
    private long _streamFrames;
    private int _streamCmnType = -1; // the CMN type to put back when a stream ends; -1: no stream

    /// <summary>Whether this decoder can decode audio as it arrives (its running cepstral mean can be set and read).</summary>
    public bool CanStream => _cmn != 0;

    /// <summary>Frames with energy (those a cepstral mean counts) fed since the stream started (a restart counts its phrase again).</summary>
    public long StreamFrames => _streamFrames;

    /// <summary>
    /// Starts an utterance fed by <see cref="FeedStream"/> and ended by <see cref="FinishStream"/> or
    /// <see cref="AbandonStream"/>, normalised by the model's initial mean; <see cref="RestartStream"/> changes it.
    /// </summary>
    public void StartStream()
    {
        if (!CanStream)
        {
            throw new InvalidOperationException("This decoder cannot stream: its cepstral mean cannot be set.");
        }

        _streamCmnType = FeatureStreamLayout.GetCmnType(_feat);
        _initialCepstralMean.CopyTo(_streamMean, 0);
        Array.Clear(_phraseBaseSum);
        _phraseBaseFrames = 0;
        BeginStreamUtterance();
    }

    /// <summary>The stream's own cepstral mean over what was fed (earlier phrases and the current one since its last (re)start); the mean in use when nothing was.</summary>
    public float[] MeasuredStreamMean()
    {
        var mean = (float[])_streamMean.Clone();
        if (_streamFrames > 0)
        {
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] = (float)(_streamSum[i] / _streamFrames);
            }
        }

        return mean;
    }

    /// <summary>Drops the current phrase so far and starts it again normalised by <paramref name="mean"/>; feed the phrase's audio again from its start.</summary>
    public void RestartStream(ReadOnlySpan<float> mean)
    {
        PocketSphinxNative.ps_end_utt(_decoder);
        mean.CopyTo(_streamMean);
        BeginStreamUtterance();
    }

    /// <summary>Decodes the next samples of the stream now.</summary>
    public unsafe void FeedStream(ReadOnlySpan<float> samples)
    {
        if (_pcm.Length < StreamCallSamples)
        {
            _pcm = new short[StreamCallSamples];
        }

        var sum = FeatureStreamLayout.Sum(_cmn, _streamMean.Length);
        fixed (short* pcm = _pcm)
        fixed (float* mean = _streamMean)
        {
            for (int offset = 0; offset < samples.Length; offset += StreamCallSamples)
            {
                var block = samples.Slice(offset, Math.Min(StreamCallSamples, samples.Length - offset));
                Pcm16Converter.Convert(block, _pcm);
                // mean = the fixed mean, sum = mean × 500, 500 frames: what the call adds to sum and count is this block's.
                SphinxBaseNative.cmn_live_set(_cmn, mean);
                Check(PocketSphinxNative.ps_process_raw(_decoder, pcm, (nuint)block.Length, 0, 0), "process audio");
                int frames = FeatureStreamLayout.FrameCount(_cmn) - CmnPriorFrames;
                for (int i = 0; i < sum.Length; i++)
                {
                    _streamSum[i] += (double)sum[i] - (double)(_streamMean[i] * CmnPriorFrames);
                }

                _streamFrames += frames;
            }
        }
    }

    /// <summary>
    /// A pause: ends the current phrase's utterance and reads its result (word times from the phrase's first sample),
    /// then starts the next phrase at once, normalised by <paramref name="mean"/>. The measured sums go on across
    /// phrases, so the mean keeps being the whole stream's.
    /// </summary>
    public DecodeResult EndStreamPhrase(ReadOnlySpan<float> mean)
    {
        Check(PocketSphinxNative.ps_end_utt(_decoder), "end the utterance");
        var result = ReadResult();
        mean.CopyTo(_streamMean);
        _streamSum.CopyTo(_phraseBaseSum, 0);
        _phraseBaseFrames = _streamFrames;
        BeginStreamUtterance();
        return result;
    }

    /// <summary>The current utterance's best hypothesis so far (the first pass's; no end passes run).</summary>
    public string StreamHypothesis() => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(PocketSphinxNative.ps_get_hyp(_decoder, out _)) ?? "";

    /// <summary>Ends the stream's utterance and reads its result.</summary>
    public DecodeResult FinishStream()
    {
        try
        {
            Check(PocketSphinxNative.ps_end_utt(_decoder), "end the utterance");
            return ReadResult();
        }
        finally
        {
            RestoreCmnType();
        }
    }

    /// <summary>Ends the stream's utterance without reading it (cancelled dictation, failure).</summary>
    public void AbandonStream()
    {
        if (_streamCmnType >= 0)
        {
            PocketSphinxNative.ps_end_utt(_decoder);
            RestoreCmnType();
        }
    }

    private void BeginStreamUtterance()
    {
        Check(PocketSphinxNative.ps_start_stream(_decoder), "start a stream");
        Check(PocketSphinxNative.ps_start_utt(_decoder), "start an utterance");
        // A (re)start counts from the phrase's start: the phrase is fed again, earlier phrases are not.
        _phraseBaseSum.CopyTo(_streamSum, 0);
        _streamFrames = _phraseBaseFrames;
    }

    private void RestoreCmnType()
    {
        if (_streamCmnType >= 0)
        {
            FeatureStreamLayout.SetCmnType(_feat, _streamCmnType);
            _streamCmnType = -1;
        }
    }
}
