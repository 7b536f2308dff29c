using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Encoder result in native memory: the output <c>[ctx][state]</c> and, per decoder layer, the
/// cross-attention keys (pre-scaled by head_dim^-1/4) and values stored in f16 as whisper.cpp does, head-major
/// (<c>[head][ctx][head_dim]</c>): a decoder step reads one head's keys, then its values, as one contiguous run each
/// (the hardware prefetcher follows it; row-major, every position is a short piece of a long row).
/// </summary>
internal sealed unsafe class EncoderOutput : WhisperEncoderOutput
{
    private readonly AlignedBuffer _output;
    private readonly AlignedBuffer[] _keys;
    private readonly AlignedBuffer[] _values;

    public EncoderOutput(int ctx, int state, int layers, int heads)
    {
        if (heads <= 0 || state % heads != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"the state ({state}) must split evenly into heads");
        }

        Context = ctx;
        State = state;
        Heads = heads;
        _output = new AlignedBuffer((long)ctx * state);
        _keys = new AlignedBuffer[layers];
        _values = new AlignedBuffer[layers];
        long halves = (((long)ctx * state) + 1) / 2;
        for (int i = 0; i < layers; i++)
        {
            _keys[i] = new AlignedBuffer(halves);
            _values[i] = new AlignedBuffer(halves);
        }
    }

    public int Context { get; }

    public int State { get; }

    /// <summary>Cross-attention heads: the keys and values are stored one head after another.</summary>
    public int Heads { get; }

    public int HeadDim => State / Heads;

    public float* OutputPointer => _output.Pointer;

    public override ReadOnlySpan<float> Output
    {
        get
        {
            ObjectDisposedException.ThrowIf(_output.Pointer == null, this);
            return new ReadOnlySpan<float>(_output.Pointer, Context * State);
        }
    }

    /// <summary>Cross keys of decoder layer <paramref name="layer"/>, f16 <c>[head][ctx][head_dim]</c>.</summary>
    public ushort* Keys(int layer) => (ushort*)_keys[layer].Pointer;

    /// <summary>Cross values of decoder layer <paramref name="layer"/>, f16 <c>[head][ctx][head_dim]</c>.</summary>
    public ushort* Values(int layer) => (ushort*)_values[layer].Pointer;

    /// <summary>Rounds row-major <c>[ctx][state]</c> f32 rows to f16 into the head-major store <paramref name="dst"/>.</summary>
    public void StoreHeadMajor(float* rows, ushort* dst) => StoreHeadMajor(rows, 0, Context, dst);

    /// <summary>As <see cref="StoreHeadMajor(float*, ushort*)"/> for positions <c>first .. first + count</c> (rows[0] is position first).</summary>
    public void StoreHeadMajor(float* rows, int first, int count, ushort* dst)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Context - first);
        int hd = HeadDim;
        for (int i = 0; i < count; i++)
        {
            int c = first + i;
            for (int h = 0; h < Heads; h++)
            {
                RoundToHalf.ToHalfBits(rows + ((long)i * State) + (h * hd), dst + ((((long)h * Context) + c) * hd), hd);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        _output.Dispose();
        foreach (var b in _keys)
        {
            b.Dispose();
        }

        foreach (var b in _values)
        {
            b.Dispose();
        }
    }
}
