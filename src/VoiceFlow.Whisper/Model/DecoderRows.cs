using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Where each row of one decoder pass lives: the KV cache it appends to and its position there. One state decoding
/// several tokens gives rows of one cache at consecutive positions (causal); a batch of states (beams, best-of
/// candidates) gives one row per cache. Either way row r sees positions 0..Position(r) of its own cache, so both
/// run the same code and produce the same numbers.
/// </summary>
internal sealed unsafe class DecoderRows
{
    private nint[] _keys = [];
    private nint[] _values = [];
    private int[] _positions = [];

    public int Count { get; private set; }

    /// <summary>Layer 0 of the row's key cache; layer l starts <see cref="LayerStride"/> halves further.</summary>
    public ushort* Keys(int row) => (ushort*)_keys[row];

    public ushort* Values(int row) => (ushort*)_values[row];

    /// <summary>Position the row is written at (its own query sees positions 0..Position).</summary>
    public int Position(int row) => _positions[row];

    /// <summary>Halves from one layer of a cache to the next (text context × state).</summary>
    public long LayerStride { get; private set; }

    /// <summary>Rows of one state at positions state.Length, state.Length + 1, ….</summary>
    public void SetSequence(DecoderState state, int rows)
    {
        Reset(rows, (long)state.TextCtx * state.State);
        for (int r = 0; r < rows; r++)
        {
            Set(r, state, state.Length + r);
        }
    }

    /// <summary>One row per state, each at its state's next position.</summary>
    public void SetBatch(ReadOnlySpan<WhisperDecoderState> states)
    {
        var first = (DecoderState)states[0];
        Reset(states.Length, (long)first.TextCtx * first.State);
        for (int r = 0; r < states.Length; r++)
        {
            var state = (DecoderState)states[r];
            Set(r, state, state.Length);
        }
    }

    private void Reset(int rows, long layerStride)
    {
        if (_keys.Length < rows)
        {
            // Grows to the longest prompt once; steady decoding reuses the arrays.
            _keys = new nint[rows];
            _values = new nint[rows];
            _positions = new int[rows];
        }

        Count = rows;
        LayerStride = layerStride;
    }

    private void Set(int row, DecoderState state, int position)
    {
        _keys[row] = (nint)state.Keys(0);
        _values[row] = (nint)state.Values(0);
        _positions[row] = position;
    }
}
