using System.Diagnostics;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Desktop;

namespace VoiceFlow.Core.Tests.Delivery;

public class InjectionGuardTests
{
    [Fact]
    public void Text_within_the_limit_is_one_piece_and_empty_text_none()
    {
        var guard = new InjectionGuard(TimeSpan.Zero, 10);

        Assert.Equal(["0123456789"], guard.Split("0123456789"));
        Assert.Empty(guard.Split(""));
    }

    [Fact]
    public void Long_text_splits_after_white_space_and_joins_back_exactly()
    {
        var guard = new InjectionGuard(TimeSpan.Zero, 12);
        string text = "the quick brown fox jumps over\nthe lazy dog again and again";

        var pieces = guard.Split(text);

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 12));
        Assert.All(pieces.Take(pieces.Count - 1), p => Assert.True(char.IsWhiteSpace(p[^1]), $"'{p}' ends inside a word"));
    }

    [Fact]
    public void A_word_longer_than_the_limit_is_cut_but_never_inside_a_surrogate_pair()
    {
        var guard = new InjectionGuard(TimeSpan.Zero, 5);
        string text = "abcd😀efgh😀ijkl";

        var pieces = guard.Split(text);

        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1])));
        Assert.All(pieces, p => Assert.False(char.IsLowSurrogate(p[0])));
    }

    [Fact]
    public async Task Injections_are_spaced_by_the_interval_and_never_overlap()
    {
        var guard = new InjectionGuard(TimeSpan.FromMilliseconds(100), 4000);
        var ends = new List<long>();
        var starts = new List<long>();
        int running = 0, overlaps = 0;

        async Task Inject(string _, CancellationToken ct)
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            lock (starts)
            {
                starts.Add(Stopwatch.GetTimestamp());
            }

            await Task.Delay(5, ct);
            lock (ends)
            {
                ends.Add(Stopwatch.GetTimestamp());
            }

            Interlocked.Decrement(ref running);
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => guard.InjectAsync("text", Inject, TestContext.Current.CancellationToken)));

        Assert.Equal(0, overlaps);
        Assert.Equal(4, starts.Count);
        starts.Sort();
        ends.Sort();
        for (int i = 1; i < starts.Count; i++)
        {
            var gap = Stopwatch.GetElapsedTime(ends[i - 1], starts[i]);
            Assert.True(gap >= TimeSpan.FromMilliseconds(95), $"injection {i} started {gap.TotalMilliseconds:0} ms after the previous one ended");
        }
    }

    [Fact]
    public async Task A_failed_injection_still_counts_for_the_interval()
    {
        var guard = new InjectionGuard(TimeSpan.FromMilliseconds(100), 4000);
        await Assert.ThrowsAsync<TextOutputException>(() => guard.InjectAsync("a", (_, _) => throw new TextOutputException("tool failed"), TestContext.Current.CancellationToken));
        long failedAt = Stopwatch.GetTimestamp();
        long nextAt = 0;

        await guard.InjectAsync("b", (_, _) =>
        {
            nextAt = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);

        Assert.True(Stopwatch.GetElapsedTime(failedAt, nextAt) >= TimeSpan.FromMilliseconds(95));
    }
}
