namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// Silero VAD on a live stream, like silero-vad's VADIterator: speech starts at a chunk at or above the threshold and
/// ends once the probability has stayed below the negative threshold for the minimum silence. Unlike VADIterator, speech
/// is confirmed (<see cref="InSpeech"/>) only after the minimum speech duration, so a click never opens an utterance;
/// its start is then the first speech chunk. Segments are unpadded (the consumer adds its own margin).
/// Blocks of any size are cut into 512-sample chunks; nothing is allocated per block once running.
/// </summary>
public sealed class SileroStreamingVad : IVoiceActivityDetector
{
    private const int Chunk = SileroModel.ChunkSamples;

    private readonly SileroNetwork _network;
    private readonly float[] _pending = new float[Chunk];
    private readonly float[] _probabilities = new float[SileroNetwork.BatchChunks];
    private readonly Queue<SampleRange> _finished = new(8);
    private readonly long _minSpeechSamples;
    private readonly long _minSilenceSamples;
    private readonly float _threshold;
    private readonly float _negativeThreshold;
    private int _pendingCount;
    private long _position;
    private bool _triggered;
    private bool _confirmed;
    private long _start;
    private long _silenceStart = -1;

    /// <param name="network">A stream of the network (reset here).</param>
    /// <param name="options">Thresholds and durations (pad and max speech are not used on a stream).</param>
    public SileroStreamingVad(SileroNetwork network, SileroVadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new SileroVadOptions();
        options.Validate();
        _network = network;
        _threshold = options.Threshold;
        _negativeThreshold = options.EffectiveNegativeThreshold;
        _minSpeechSamples = (long)(options.MinSpeech.TotalSeconds * 16_000);
        _minSilenceSamples = (long)(options.MinSilence.TotalSeconds * 16_000);
        Reset();
    }

    /// <summary>The probability of the last chunk analysed (NaN before the first).</summary>
    public float LastProbability { get; private set; } = float.NaN;

    /// <summary>Samples analysed so far (whole chunks).</summary>
    public long SamplesProcessed => _position;

    /// <inheritdoc />
    public bool InSpeech => _confirmed;

    /// <inheritdoc />
    public long SpeechStartSample => _start;

    /// <inheritdoc />
    public long PauseStartSample => _confirmed && _silenceStart >= 0 ? _silenceStart : -1;

    /// <inheritdoc />
    public long SamplesAnalysed => _position;

    /// <inheritdoc />
    public void Reset()
    {
        _network.Reset();
        _finished.Clear();
        _pendingCount = 0;
        _position = 0;
        _triggered = false;
        _confirmed = false;
        _silenceStart = -1;
        LastProbability = float.NaN;
    }

    /// <inheritdoc />
    public void Process(ReadOnlySpan<float> block)
    {
        if (_pendingCount > 0)
        {
            int take = Math.Min(Chunk - _pendingCount, block.Length);
            block[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            block = block[take..];
            if (_pendingCount < Chunk)
            {
                return;
            }

            Analyse(_pending);
            _pendingCount = 0;
        }

        // Whole chunks of a block go through the network together (it shares weight reads across a batch).
        while (block.Length >= Chunk)
        {
            int count = Math.Min(block.Length / Chunk, SileroNetwork.BatchChunks);
            var probabilities = _probabilities.AsSpan(0, count);
            _network.ProcessChunks(block[..(count * Chunk)], probabilities);
            foreach (float probability in probabilities)
            {
                Decide(probability);
            }

            block = block[(count * Chunk)..];
        }

        block.CopyTo(_pending);
        _pendingCount = block.Length;
    }

    /// <inheritdoc />
    public void Complete()
    {
        long end = _position + _pendingCount;
        if (_pendingCount > 0)
        {
            // The last chunk zero-padded, as get_speech_timestamps does.
            _pending.AsSpan(_pendingCount).Clear();
            Analyse(_pending);
            _pendingCount = 0;
        }

        if (_triggered)
        {
            long speechEnd = _silenceStart >= 0 ? _silenceStart : end;
            if (_confirmed || speechEnd - _start >= _minSpeechSamples)
            {
                _finished.Enqueue(new SampleRange(_start, Math.Min(speechEnd, end)));
            }
        }

        _triggered = _confirmed = false;
        _silenceStart = -1;
    }

    /// <inheritdoc />
    public bool TryDequeue(out SampleRange segment) => _finished.TryDequeue(out segment);

    private void Analyse(ReadOnlySpan<float> chunk) => Decide(_network.Process(chunk));

    private void Decide(float probability)
    {
        LastProbability = probability;
        long position = _position;
        _position += Chunk;

        if (probability >= _threshold)
        {
            _silenceStart = -1;
            if (!_triggered)
            {
                _triggered = true;
                _start = position;
            }
        }
        else if (_triggered && probability < _negativeThreshold)
        {
            if (_silenceStart < 0)
            {
                _silenceStart = position;
            }

            if (_position - _silenceStart >= _minSilenceSamples)
            {
                if (_confirmed)
                {
                    _finished.Enqueue(new SampleRange(_start, _silenceStart));
                }

                _triggered = _confirmed = false;
                _silenceStart = -1;
                return;
            }
        }

        if (_triggered && !_confirmed && _silenceStart < 0 && _position - _start >= _minSpeechSamples)
        {
            _confirmed = true;
        }
    }
}
