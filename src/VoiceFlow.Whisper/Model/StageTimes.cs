using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Accumulates wall time per stage (an int-backed enum) of the passes it is attached to; null in normal runs, so a pass
/// pays one null check per stage. For the profile bench: where a token's or a window's time goes.
/// </summary>
internal class StageTimes<TStage>
    where TStage : struct, Enum
{
    private readonly long[] _ticks = new long[Enum.GetValues<TStage>().Length];
    private long _last;

    public int Passes { get; private set; }

    public void Start()
    {
        Passes++;
        _last = Stopwatch.GetTimestamp();
    }

    /// <summary>Charges the time since the previous mark to <paramref name="stage"/>.</summary>
    public void Mark(TStage stage)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[Unsafe.As<TStage, int>(ref stage)] += now - _last;
        _last = now;
    }

    public double Milliseconds(TStage stage) => _ticks[Unsafe.As<TStage, int>(ref stage)] * 1000.0 / Stopwatch.Frequency;

    public void Clear()
    {
        Array.Clear(_ticks);
        Passes = 0;
    }
}
