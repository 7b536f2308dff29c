using System.Runtime.CompilerServices;

namespace VoiceFlow.Core.Monitoring;

/// <summary>
/// Milliseconds spent per <see cref="PipelineStage"/> in one transcription. A value type with
/// inline storage, so timing the hot path allocates nothing. A stage counts as measured once time
/// was added for it (even 0 ms), which keeps "did not run" apart from "ran in no time".
/// </summary>
public struct StageTimings : IEquatable<StageTimings>
{
    /// <summary>Number of stages.</summary>
    public const int StageCount = 6;

    private static readonly PipelineStage[] AllStages = Enum.GetValues<PipelineStage>();

    private Milliseconds _milliseconds;
    private int _measured;

    /// <summary>Every stage, in pipeline order.</summary>
    public static ReadOnlySpan<PipelineStage> Stages => AllStages;

    /// <summary>Milliseconds recorded for <paramref name="stage"/> (0 when not measured).</summary>
    public readonly double this[PipelineStage stage] => _milliseconds[Index(stage)];

    /// <summary>Sum over all stages.</summary>
    public readonly double TotalMilliseconds
    {
        get
        {
            double total = 0;
            foreach (double ms in _milliseconds)
            {
                total += ms;
            }

            return total;
        }
    }

    public static bool operator ==(StageTimings left, StageTimings right) => left.Equals(right);

    public static bool operator !=(StageTimings left, StageTimings right) => !left.Equals(right);

    /// <summary>True once time was added for <paramref name="stage"/>.</summary>
    public readonly bool IsMeasured(PipelineStage stage) => (_measured & (1 << Index(stage))) != 0;

    /// <summary>Adds <paramref name="milliseconds"/> to <paramref name="stage"/> (stages may run several times, e.g. per chunk).</summary>
    public void Add(PipelineStage stage, double milliseconds)
    {
        int index = Index(stage);
        _milliseconds[index] += milliseconds;
        _measured |= 1 << index;
    }

    /// <summary>Adds <paramref name="elapsed"/> to <paramref name="stage"/>.</summary>
    public void Add(PipelineStage stage, TimeSpan elapsed) => Add(stage, elapsed.TotalMilliseconds);

    public readonly bool Equals(StageTimings other)
    {
        if (_measured != other._measured)
        {
            return false;
        }

        for (int i = 0; i < StageCount; i++)
        {
            if (_milliseconds[i] != other._milliseconds[i])
            {
                return false;
            }
        }

        return true;
    }

    public override readonly bool Equals(object? obj) => obj is StageTimings other && Equals(other);

    public override readonly int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(_measured);
        foreach (double ms in _milliseconds)
        {
            hash.Add(ms);
        }

        return hash.ToHashCode();
    }

    private static int Index(PipelineStage stage)
    {
        int index = (int)stage;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)StageCount, nameof(stage));
        return index;
    }

    [InlineArray(StageCount)]
    private struct Milliseconds
    {
        private double _first;
    }
}
