using System.Diagnostics;

namespace VoiceFlow.Core.Monitoring;

/// <summary>
/// Allocation-free timer for consecutive stages: start it once, then <see cref="Lap"/> at the end
/// of each stage to charge the time since the previous lap to that stage.
/// <code>
/// var timings = new StageTimings();
/// var stopwatch = StageStopwatch.StartNew();
/// Decode(); stopwatch.Lap(ref timings, PipelineStage.Decode);
/// Validate(); stopwatch.Lap(ref timings, PipelineStage.Validate);
/// </code>
/// </summary>
public struct StageStopwatch : IEquatable<StageStopwatch>
{
    private long _lapStart;

    private StageStopwatch(long start) => _lapStart = start;

    /// <summary>Time since the start or the last lap.</summary>
    public readonly TimeSpan Elapsed => Stopwatch.GetElapsedTime(_lapStart);

    public static bool operator ==(StageStopwatch left, StageStopwatch right) => left.Equals(right);

    public static bool operator !=(StageStopwatch left, StageStopwatch right) => !left.Equals(right);

    /// <summary>A stopwatch running from now.</summary>
    public static StageStopwatch StartNew() => new(Stopwatch.GetTimestamp());

    /// <summary>Adds the time since the last lap to <paramref name="stage"/> and starts the next lap; returns that time.</summary>
    public TimeSpan Lap(ref StageTimings timings, PipelineStage stage)
    {
        long now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(_lapStart, now);
        timings.Add(stage, elapsed);
        _lapStart = now;
        return elapsed;
    }

    /// <summary>Starts the next lap now without charging the time to any stage (for work outside the stages).</summary>
    public void Restart() => _lapStart = Stopwatch.GetTimestamp();

    public readonly bool Equals(StageStopwatch other) => _lapStart == other._lapStart;

    public override readonly bool Equals(object? obj) => obj is StageStopwatch other && Equals(other);

    public override readonly int GetHashCode() => _lapStart.GetHashCode();
}
