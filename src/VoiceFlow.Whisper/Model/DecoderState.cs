using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// A decoder's self-attention KV cache (f16, <c>[layer][position][state]</c>) over one encoder
/// output, plus the scratch one decoding thread needs, so steady-state decoding allocates nothing.
/// </summary>
internal sealed unsafe class DecoderState : WhisperDecoderState
{
    private readonly AlignedBuffer _keys;
    private readonly AlignedBuffer _values;
    private int _length;

    public DecoderState(WhisperDecoder owner, EncoderOutput encoded, int layers, int textCtx, int state)
    {
        Owner = owner;
        Encoded = encoded;
        Layers = layers;
        TextCtx = textCtx;
        State = state;
        long halves = (((long)layers * textCtx * state) + 1) / 2;
        _keys = new AlignedBuffer(halves);
        _values = new AlignedBuffer(halves);
    }

    public WhisperDecoder Owner { get; }

    public EncoderOutput Encoded { get; private set; }

    public int Layers { get; }

    public int TextCtx { get; }

    public int State { get; }

    public LinearExecutor Linear { get; } = new();

    /// <summary>Activation scratch: x, h, q, k, v, attn (each tokens × state) and mlp (tokens × 4·state).</summary>
    public AlignedBuffer Scratch { get; } = new();

    public DecoderAttention Attention { get; } = new();

    /// <summary>The rows of the pass this state's scratch is running (its own tokens, or a batch it leads).</summary>
    public DecoderRows Rows { get; } = new();

    /// <summary>When set, the passes this state leads add their time per stage to it (profiling only).</summary>
    public DecoderStageTimes? StageTimes { get; set; }

    public override int Length => _length;

    internal void Advance(int tokens) => _length += tokens;

    public ushort* Keys(int layer) => (ushort*)_keys.Pointer + ((long)layer * TextCtx * State);

    public ushort* Values(int layer) => (ushort*)_values.Pointer + ((long)layer * TextCtx * State);

    public override void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    public override void CopyFrom(WhisperDecoderState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other is not DecoderState o || o.Owner != Owner)
        {
            throw new ArgumentException("the state belongs to another model", nameof(other));
        }

        if (ReferenceEquals(o, this))
        {
            return;
        }

        Encoded = o.Encoded;
        long count = (long)o._length * State;
        for (int l = 0; l < Layers; l++)
        {
            Buffer.MemoryCopy(o.Keys(l), Keys(l), count * 2, count * 2);
            Buffer.MemoryCopy(o.Values(l), Values(l), count * 2, count * 2);
        }

        _length = o._length;
    }

    protected override void Dispose(bool disposing)
    {
        _keys.Dispose();
        _values.Dispose();
        Scratch.Dispose();
        Linear.Dispose();
    }
}
