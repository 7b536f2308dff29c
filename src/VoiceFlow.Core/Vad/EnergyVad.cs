using System.Numerics.Tensors;

namespace VoiceFlow.Core.Vad;

/// <summary>
/// Energy voice activity detector for 16 kHz mono audio. Each frame's energy is compared with an adaptive
/// noise floor (falls fast to quieter frames, rises slowly); a frame is loud above the start threshold
/// (or, once in speech, the lower continue threshold). Loud runs shorter than the minimum speech length
/// are ignored, pauses shorter than the minimum silence do not end speech, and speech is extended by the
/// hangover after its last loud frame. The first frame seeds the noise floor (so a stream may open with
/// noise of any level); a stream that opens mid-speech is therefore detected from its first pause on.
/// <para>
/// Streaming: feed blocks of any size to <see cref="Process"/>, read finished segments with
/// <see cref="TryDequeue"/>, and call <see cref="Complete"/> at the end of the stream. Decisions depend only
/// on the samples, never on how they were split into blocks; steady-state processing allocates nothing.
/// </para>
/// </summary>
public sealed class EnergyVad : IVoiceActivityDetector
{
    private const double EnergyEpsilon = 1e-12;

    private readonly float[] _pending;
    private readonly Queue<SampleRange> _finished = new(8);
    private readonly int _minSpeechFrames;
    private readonly int _endAfterQuietFrames;
    private readonly int _hangoverFrames;
    private int _pendingCount;
    private long _frame;
    private double _floorDb;
    private bool _inSpeech;
    private long _loudRunStart;
    private int _loudRun;
    private int _quietRun;
    private long _segmentStart;
    private long _lastLoud;

    /// <summary>Creates a detector; throws <see cref="Errors.ConfigurationException"/> on an invalid option.</summary>
    public EnergyVad(VadOptions? options = null)
    {
        Options = options ?? new VadOptions();
        Options.Validate();
        FrameSamples = Options.FrameSamples;
        _pending = new float[FrameSamples];
        _minSpeechFrames = Math.Max(1, Options.FramesOf(Options.MinSpeechMilliseconds));
        _hangoverFrames = Options.FramesOf(Options.HangoverMilliseconds);
        _endAfterQuietFrames = Math.Max(1, Math.Max(Options.FramesOf(Options.MinSilenceMilliseconds), _hangoverFrames));
        Reset();
    }

    /// <summary>The settings in use.</summary>
    public VadOptions Options { get; }

    /// <summary>Samples per analysis frame.</summary>
    public int FrameSamples { get; }

    /// <summary>Whole frames analysed so far.</summary>
    public long FramesProcessed => _frame;

    /// <summary>Whether confirmed speech is in progress.</summary>
    public bool InSpeech => _inSpeech;

    /// <summary>First sample of the speech in progress (valid while <see cref="InSpeech"/>).</summary>
    public long SpeechStartSample => _segmentStart * FrameSamples;

    /// <summary>
    /// In a pause of confirmed speech: the first sample after the last loud frame (the finished segment adds the
    /// hangover to it); -1 otherwise.
    /// </summary>
    public long PauseStartSample => _inSpeech && _quietRun > 0 ? (_lastLoud + 1) * FrameSamples : -1;

    /// <summary>Samples in the whole frames analysed so far.</summary>
    public long SamplesAnalysed => _frame * FrameSamples;

    /// <summary>Current noise floor estimate in dBFS (NaN before the first frame).</summary>
    public double NoiseFloorDb => _floorDb;

    /// <summary>Energy of the last analysed frame in dBFS.</summary>
    public double LastFrameEnergyDb { get; private set; } = double.NaN;

    /// <summary>Forgets all state, ready for a new stream.</summary>
    public void Reset()
    {
        _pendingCount = 0;
        _frame = 0;
        _floorDb = double.NaN;
        _inSpeech = false;
        _loudRun = 0;
        _quietRun = 0;
        _finished.Clear();
        LastFrameEnergyDb = double.NaN;
    }

    /// <summary>Analyses the next block of samples (any length, including 0).</summary>
    public void Process(ReadOnlySpan<float> block)
    {
        if (_pendingCount > 0)
        {
            int take = Math.Min(FrameSamples - _pendingCount, block.Length);
            block[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            block = block[take..];
            if (_pendingCount < FrameSamples)
            {
                return;
            }

            AnalyseFrame(_pending);
            _pendingCount = 0;
        }

        while (block.Length >= FrameSamples)
        {
            AnalyseFrame(block[..FrameSamples]);
            block = block[FrameSamples..];
        }

        block.CopyTo(_pending);
        _pendingCount = block.Length;
    }

    /// <summary>Ends the stream: closes speech still in progress (a trailing partial frame is not analysed).</summary>
    public void Complete()
    {
        if (_inSpeech)
        {
            Finish(Math.Min(_lastLoud + 1 + _hangoverFrames, _frame));
        }

        _loudRun = 0;
    }

    /// <summary>Takes the oldest finished speech segment, if any.</summary>
    public bool TryDequeue(out SampleRange segment) => _finished.TryDequeue(out segment);

    /// <summary>Runs a fresh detector over a whole recording and returns its speech segments.</summary>
    public static IReadOnlyList<SampleRange> Detect(ReadOnlySpan<float> samples, VadOptions? options = null)
    {
        var vad = new EnergyVad(options);
        var segments = new List<SampleRange>();
        vad.Process(samples);
        vad.Complete();
        while (vad.TryDequeue(out var segment))
        {
            segments.Add(segment);
        }

        return segments;
    }

    /// <summary>Turns segments into one speech/non-speech flag per frame (a frame is speech when its first sample is).</summary>
    public static bool[] FrameDecisions(IReadOnlyList<SampleRange> segments, int frameCount, int frameSamples)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var decisions = new bool[frameCount];
        foreach (var segment in segments)
        {
            long first = (segment.Start + frameSamples - 1) / frameSamples;
            for (long f = first; f < frameCount && f * frameSamples < segment.End; f++)
            {
                decisions[f] = true;
            }
        }

        return decisions;
    }

    private void AnalyseFrame(ReadOnlySpan<float> frame)
    {
        double energyDb = 10 * Math.Log10(TensorPrimitives.SumOfSquares(frame) / frame.Length + EnergyEpsilon);
        LastFrameEnergyDb = energyDb;
        long index = _frame++;
        if (double.IsNaN(_floorDb))
        {
            _floorDb = Math.Max(energyDb, Options.MinimumNoiseFloorDb);
            return;
        }

        bool loud = energyDb > _floorDb + (_inSpeech ? Options.ContinueThresholdDb : Options.StartThresholdDb);
        UpdateFloor(energyDb);

        if (!_inSpeech)
        {
            if (!loud)
            {
                _loudRun = 0;
                return;
            }

            if (_loudRun++ == 0)
            {
                _loudRunStart = index;
            }

            if (_loudRun >= _minSpeechFrames)
            {
                _inSpeech = true;
                _segmentStart = _loudRunStart;
                _lastLoud = index;
                _quietRun = 0;
            }

            return;
        }

        if (loud)
        {
            _lastLoud = index;
            _quietRun = 0;
        }
        else if (++_quietRun >= _endAfterQuietFrames)
        {
            Finish(_lastLoud + 1 + _hangoverFrames);
        }
    }

    private void UpdateFloor(double energyDb)
    {
        if (energyDb < _floorDb)
        {
            _floorDb += Options.FloorFallRate * (energyDb - _floorDb);
        }
        else
        {
            double rise = _inSpeech || _loudRun > 0 ? Options.FloorRiseInSpeechDbPerFrame : Options.FloorRiseDbPerFrame;
            _floorDb += Math.Min(energyDb - _floorDb, rise);
        }

        _floorDb = Math.Max(_floorDb, Options.MinimumNoiseFloorDb);
    }

    private void Finish(long endFrame)
    {
        _finished.Enqueue(new SampleRange(_segmentStart * FrameSamples, endFrame * FrameSamples));
        _inSpeech = false;
        _loudRun = 0;
        _quietRun = 0;
    }
}
