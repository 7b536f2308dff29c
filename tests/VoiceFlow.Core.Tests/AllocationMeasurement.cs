namespace VoiceFlow.Core.Tests;

/// <summary>
/// Measures what async work allocates. The per-thread counter is wrong across an await (the continuation may run
/// on another thread, whose counter has nothing to do with ours), so this counts the whole process; classes using
/// it belong to <see cref="AllocationMeasuringCollection"/>, which runs with no other test beside it.
/// </summary>
internal static class AllocationMeasurement
{
    public static async Task<(T Result, long Bytes)> MeasureAsync<T>(Func<Task<T>> work)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        T result = await work();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
    }
}

/// <summary>Tests that measure process-wide allocations: never run in parallel with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuringCollection
{
    public const string Name = "allocation measuring";
}
