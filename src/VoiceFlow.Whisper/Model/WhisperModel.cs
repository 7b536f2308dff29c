using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Mel;

namespace VoiceFlow.Whisper.Model;

/// <summary>Options for <see cref="WhisperModel.Load"/>.</summary>
public sealed record WhisperLoadOptions
{
    /// <summary>Touch every weight page at load so the first window does not pay for page faults (default false).</summary>
    public bool PrefetchWeights { get; init; }

    /// <summary>
    /// Keep the encoder's scratch (≈ 20 MB for tiny, 60 MB for base) between windows instead of
    /// returning it to the OS after each one (default false: lower peak memory while decoding; the
    /// cost is re-faulting those pages, well under 1% of an encoder pass).
    /// </summary>
    public bool KeepEncoderWorkspace { get; init; }

    /// <summary>
    /// How the file is brought into memory: read into private memory (default; the model survives the file being
    /// deleted, truncated or overwritten) or memory-mapped (shared page cache, but the process dies if the file
    /// is truncated while loaded). See <see cref="GgmlFileAccess"/>.
    /// </summary>
    public GgmlFileAccess FileAccess { get; init; } = GgmlFileAccess.CopyIntoMemory;
}

/// <summary>
/// A fully managed Whisper model over a whisper.cpp ggml file read into memory (f32, f16, q8_0,
/// q5_0, q5_1, q4_0, q4_1 weights). Thread-safe for distinct encoder outputs and decoder states.
/// </summary>
public sealed class WhisperModel : IWhisperModel
{
    private readonly GgmlModelFile _file;
    private readonly LogMelSpectrogram _mel;
    private readonly WhisperEncoder _encoder;
    private readonly WhisperDecoder _decoder;

    private WhisperModel(GgmlModelFile file, WhisperLoadOptions options)
    {
        _file = file;
        _mel = new LogMelSpectrogram(file.MelFilters, file.HyperParameters.NMels);
        _encoder = new WhisperEncoder(file, options.KeepEncoderWorkspace);
        _decoder = new WhisperDecoder(file);
    }

    /// <summary>Loads (maps and validates) a model file.</summary>
    /// <exception cref="Core.Errors.ModelFormatException">The file is missing, truncated, corrupt or of an unsupported kind.</exception>
    public static WhisperModel Load(string path, WhisperLoadOptions? options = null)
    {
        options ??= new WhisperLoadOptions();
        var file = GgmlModelFile.Open(path, options.FileAccess);
        try
        {
            if (options.PrefetchWeights)
            {
                Prefetch(file);
            }

            return new WhisperModel(file, options);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public WhisperHyperParameters HyperParameters => _file.HyperParameters;

    /// <inheritdoc />
    public IReadOnlyList<byte[]> TokenBytes => _file.TokenBytes;

    /// <summary>The mapped file (tensors, manifest data).</summary>
    public GgmlModelFile File => _file;

    /// <inheritdoc />
    public MelSpectrogram ComputeMel(ReadOnlySpan<float> samples16k, int threads) => _mel.Compute(samples16k, Math.Max(1, threads));

    /// <inheritdoc />
    public WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads) => _encoder.Encode(mel, frameOffset, threads);

    /// <summary>When set, encoder windows add their time per stage to it (the profile bench; one encode at a time then).</summary>
    internal EncoderStageTimes? EncoderStageTimes
    {
        get => _encoder.StageTimes;
        set => _encoder.StageTimes = value;
    }

    /// <summary>Like <see cref="Encode(MelSpectrogram, int, int)"/>, also copying the conv stem output (<c>[ctx][state]</c>, before the positional embedding) into <paramref name="convOut"/>.</summary>
    internal WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads, float[] convOut) => _encoder.Encode(mel, frameOffset, threads, convOut);

    /// <inheritdoc />
    public WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded is not EncoderOutput output || output.State != HyperParameters.NAudioState || output.Context != HyperParameters.NAudioCtx)
        {
            throw new ArgumentException("the encoder output was not produced by this model", nameof(encoded));
        }

        return _decoder.CreateState(output);
    }

    /// <inheritdoc />
    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not DecoderState s || s.Owner != _decoder)
        {
            throw new ArgumentException("the decoder state was not created by this model", nameof(state));
        }

        _decoder.Decode(s, tokens, logits, threads);
    }

    /// <inheritdoc />
    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int row, Span<float> rowLogits, int threads)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not DecoderState s || s.Owner != _decoder)
        {
            throw new ArgumentException("the decoder state was not created by this model", nameof(state));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, tokens.Length);
        _decoder.Decode(s, tokens, logits, threads, row, rowLogits);
    }

    /// <inheritdoc />
    public void DecodeBatch(ReadOnlySpan<WhisperDecoderState> states, ReadOnlySpan<int> tokens, Span<float> logits, int threads) =>
        _decoder.DecodeBatch(states, tokens, logits, threads);

    /// <inheritdoc />
    public float[] CrossAttentionScores(WhisperEncoderOutput encoded, ReadOnlySpan<int> tokens, IReadOnlyList<AlignmentHead> heads, int threads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        var hp = HyperParameters;
        foreach (var head in heads)
        {
            if ((uint)head.Layer >= (uint)hp.NTextLayer || (uint)head.Head >= (uint)hp.NTextHead)
            {
                throw new ArgumentException(
                    $"alignment head {head.Layer}:{head.Head} does not exist: the model has {hp.NTextLayer} decoder layers of {hp.NTextHead} heads", nameof(heads));
            }
        }

        using var state = (DecoderState)CreateDecoderState(encoded);
        var scores = new float[(long)heads.Count * tokens.Length * hp.NAudioCtx];
        var logits = new float[hp.NVocab];
        _decoder.Decode(state, tokens, logits, threads, capture: new CrossAttentionCapture(heads, scores, tokens.Length));
        return scores;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _encoder.Dispose();
        _file.Dispose();
    }

    private static void Prefetch(GgmlModelFile file)
    {
        long sum = 0;
        foreach (var t in file.Tensors.Values)
        {
            var bytes = t.Bytes;
            for (int i = 0; i < bytes.Length; i += 4096)
            {
                sum += bytes[i];
            }
        }

        GC.KeepAlive(sum);
    }
}
