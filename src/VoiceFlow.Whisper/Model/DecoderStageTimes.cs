using System.Diagnostics;

namespace VoiceFlow.Whisper.Model;

/// <summary>The parts of one decoder pass that <see cref="DecoderStageTimes"/> times separately.</summary>
internal enum DecoderStage
{
    Embedding,
    SelfAttentionProjections,
    SelfAttention,
    CrossAttentionProjections,
    CrossAttention,
    Mlp,
    Logits,
}

/// <summary>
/// Accumulates wall time per <see cref="DecoderStage"/> of the decoder passes of one state (set
/// <see cref="DecoderState.StageTimes"/>; null in normal runs, so decoding pays one null check per stage).
/// For the profile bench: where a token's time goes.
/// </summary>
internal sealed class DecoderStageTimes
{
    private readonly long[] _ticks = new long[Enum.GetValues<DecoderStage>().Length];
    private long _last;

    public int Passes { get; private set; }

    public void Start()
    {
        Passes++;
        _last = Stopwatch.GetTimestamp();
    }

    /// <summary>Charges the time since the previous mark to <paramref name="stage"/>.</summary>
    public void Mark(DecoderStage stage)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[(int)stage] += now - _last;
        _last = now;
    }

    public double Milliseconds(DecoderStage stage) => _ticks[(int)stage] * 1000.0 / Stopwatch.Frequency;

    public void Clear()
    {
        Array.Clear(_ticks);
        Passes = 0;
    }
}
