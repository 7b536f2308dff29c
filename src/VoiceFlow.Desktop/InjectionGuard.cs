using System.Diagnostics;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Desktop;

/// <summary>
/// The limits every output that injects text into the desktop (typing, the clipboard) goes through, shared by all of
/// them: injections run one at a time, at least <see cref="MinInterval"/> apart (the seed's app: 100 ms), and no single
/// injection is longer than <see cref="MaxCharacters"/> (4000).
/// </summary>
/// <remarks>
/// Longer text is split, not refused: a long dictation is the user's words, and losing them is worse than typing them
/// in several bursts. The split falls at white space where there is any (never inside a surrogate pair), the pieces go
/// out in order with the interval between them, and cancellation is honoured between pieces — so the limit bounds what
/// one tool run types (its argument size and run time) and how long a runaway delivery can hold the keyboard.
/// </remarks>
public sealed class InjectionGuard
{
    /// <summary>The seed's defaults.</summary>
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The seed's default maximum per injection.</summary>
    public const int DefaultMaxCharacters = 4000;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _lastEnd; // Stopwatch timestamp of the last injection's end; 0 before the first

    public InjectionGuard(TimeSpan minInterval, int maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 2);
        MinInterval = minInterval;
        MaxCharacters = maxCharacters;
    }

    /// <summary>The guard the configuration asks for (injection_interval_ms, injection_max_chars).</summary>
    public static InjectionGuard FromOptions(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InjectionGuard(TimeSpan.FromMilliseconds(options.InjectionIntervalMs), options.InjectionMaxChars);
    }

    /// <summary>Shortest time between the end of one injection and the start of the next.</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>Longest text one injection carries.</summary>
    public int MaxCharacters { get; }

    /// <summary>
    /// Runs <paramref name="inject"/> once per piece of <paramref name="text"/> (see <see cref="Split"/>), each when
    /// its turn comes: no other injection through this guard runs meanwhile, and each starts at least
    /// <see cref="MinInterval"/> after the previous one ended.
    /// </summary>
    public async Task InjectAsync(string text, Func<string, CancellationToken, Task> inject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(inject);
        foreach (string piece in Split(text))
        {
            await TakeTurnAsync(ct => inject(piece, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one injection of any length (the clipboard holds the whole text) when its turn comes: alone, and at least
    /// <see cref="MinInterval"/> after the previous injection through this guard ended.
    /// </summary>
    public async Task TakeTurnAsync(Func<CancellationToken, Task> injection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(injection);
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long last = Interlocked.Read(ref _lastEnd);
            if (last != 0)
            {
                var wait = MinInterval - Stopwatch.GetElapsedTime(last);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }

            try
            {
                await injection(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _lastEnd, Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// <paramref name="text"/> in pieces of at most <see cref="MaxCharacters"/>, in order, that join back to the text:
    /// each piece ends after the last white space that fits (the space goes with the piece before it), or at the limit
    /// when a piece has no white space, moved back one character rather than split a surrogate pair.
    /// </summary>
    public IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxCharacters)
        {
            return text.Length == 0 ? [] : [text];
        }

        var pieces = new List<string>();
        int start = 0;
        while (text.Length - start > MaxCharacters)
        {
            int end = start + MaxCharacters;
            int space = text.AsSpan(start, MaxCharacters).LastIndexOfAny(' ', '\n', '\t');
            if (space > 0)
            {
                end = start + space + 1;
            }
            else if (char.IsHighSurrogate(text[end - 1]))
            {
                end--;
            }

            pieces.Add(text[start..end]);
            start = end;
        }

        pieces.Add(text[start..]);
        return pieces;
    }
}
