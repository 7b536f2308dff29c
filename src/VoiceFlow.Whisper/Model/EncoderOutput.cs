using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Encoder result in native memory: the output <c>[ctx][state]</c> and, per decoder layer, the
/// cross-attention keys (pre-scaled by head_dim^-1/4) and values stored in f16 as whisper.cpp does.
/// </summary>
internal sealed unsafe class EncoderOutput : WhisperEncoderOutput
{
    private readonly AlignedBuffer _output;
    private readonly AlignedBuffer[] _keys;
    private readonly AlignedBuffer[] _values;

    public EncoderOutput(int ctx, int state, int layers)
    {
        Context = ctx;
        State = state;
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

    public float* OutputPointer => _output.Pointer;

    public override ReadOnlySpan<float> Output
    {
        get
        {
            ObjectDisposedException.ThrowIf(_output.Pointer == null, this);
            return new ReadOnlySpan<float>(_output.Pointer, Context * State);
        }
    }

    /// <summary>Cross keys of decoder layer <paramref name="layer"/>, f16 <c>[ctx][state]</c>.</summary>
    public ushort* Keys(int layer) => (ushort*)_keys[layer].Pointer;

    /// <summary>Cross values of decoder layer <paramref name="layer"/>, f16 <c>[ctx][state]</c>.</summary>
    public ushort* Values(int layer) => (ushort*)_values[layer].Pointer;

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
