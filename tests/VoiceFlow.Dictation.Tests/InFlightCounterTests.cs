using VoiceFlow.Dictation.Daemon;

namespace VoiceFlow.Dictation.Tests;

/// <summary>The signal shutdown awaits instead of polling: set by the last dictation in flight, and only by it.</summary>
public sealed class InFlightCounterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhenIdle_completes_when_the_last_dictation_in_flight_exits()
    {
        var counter = new InFlightCounter();
        counter.Enter();
        counter.Enter();
        var idle = counter.WhenIdleAsync();

        counter.Exit();
        Assert.False(idle.IsCompleted);
        Assert.Equal(1, counter.Count);

        counter.Exit();
        await idle.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public async Task WhenIdle_is_complete_at_once_with_nothing_in_flight_and_waits_again_for_new_work()
    {
        var counter = new InFlightCounter();
        await counter.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        counter.Enter();
        var idle = counter.WhenIdleAsync();
        Assert.False(idle.IsCompleted);
        counter.Exit();
        await idle.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
