namespace VoiceFlow.Core.Capture;

/// <summary>How a <see cref="CaptureLoop"/> waits between attempts to reopen a lost capture.</summary>
public sealed record CaptureReconnectPolicy
{
    /// <summary>The wait before the first attempt after a loss (default 100 ms); doubled after each failed attempt.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between attempts (default 2 s); a value below <see cref="InitialDelay"/> counts as it.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The same wait before every attempt.</summary>
    public static CaptureReconnectPolicy Every(TimeSpan delay) => new() { InitialDelay = delay, MaxDelay = delay };

    /// <summary>The wait after <paramref name="delay"/>: doubled, never above <see cref="MaxDelay"/>.</summary>
    internal TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(MaxDelay.Ticks, InitialDelay.Ticks)));
}
