using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Capture;

namespace VoiceFlow.PulseAudio;

/// <summary>
/// A capture that survives its sound server: when a read fails (server stopped or restarted, device unplugged) it
/// reports the loss (<see cref="ConnectionChanged"/> and the logger), then reopens the same request with growing
/// delays until the server is back, reports that, and carries on. <see cref="Read"/> blocks during the outage, so
/// the reader sees a gap in time but never an error; only <see cref="Dispose"/> ends it (Read then returns 0).
/// Works over any <see cref="IAudioCaptureProvider"/>. One reader thread; Dispose may come from any thread.
/// </summary>
public sealed class ReconnectingCapture : IAudioCapture
{
    private readonly IAudioCaptureProvider _provider;
    private readonly CaptureRequest _request;
    private readonly ILogger? _logger;
    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private IAudioCapture? _current;
    private int _disposed;

    private ReconnectingCapture(IAudioCaptureProvider provider, CaptureRequest request, IAudioCapture first, ILogger? logger, TimeSpan initialDelay, TimeSpan maxDelay)
    {
        _provider = provider;
        _request = request;
        _current = first;
        _logger = logger;
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        SourceName = first.SourceName;
    }

    /// <summary>
    /// Opens the first connection now, so a wrong source or a missing library fails at once with its clear error;
    /// later losses are retried.
    /// </summary>
    /// <param name="provider">Where captures come from (e.g. <see cref="PulseAudioCaptureProvider"/>).</param>
    /// <param name="request">What to capture; reopened as is after a loss.</param>
    /// <param name="logger">Gets a warning per loss and an information line per recovery; null for none.</param>
    /// <param name="initialDelay">First wait before reopening (default 100 ms); doubles per failed attempt.</param>
    /// <param name="maxDelay">Longest wait between attempts (default 2 s).</param>
    /// <exception cref="AudioCaptureException">The first open failed.</exception>
    public static ReconnectingCapture Open(IAudioCaptureProvider provider, CaptureRequest request, ILogger? logger = null, TimeSpan? initialDelay = null, TimeSpan? maxDelay = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(request);
        var initial = initialDelay ?? TimeSpan.FromMilliseconds(100);
        var longest = maxDelay ?? TimeSpan.FromSeconds(2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero, nameof(initialDelay));
        var first = provider.Open(request);
        return new ReconnectingCapture(provider, request, first, logger, initial, longest < initial ? initial : longest);
    }

    /// <summary>Raised on the reading thread when the connection is lost and when it is back.</summary>
    public event EventHandler<CaptureConnectionEventArgs>? ConnectionChanged;

    /// <inheritdoc />
    public string SourceName { get; }

    /// <summary>Whether a connection is open now.</summary>
    public bool IsConnected => Volatile.Read(ref _current) is not null;

    /// <summary>Connections lost so far.</summary>
    public int Losses { get; private set; }

    /// <summary>Blocks until <paramref name="block"/> is full, waiting out server outages; returns 0 once disposed.</summary>
    public int Read(Span<float> block)
    {
        while (Volatile.Read(ref _disposed) == 0)
        {
            var capture = Volatile.Read(ref _current) ?? Reconnect();
            if (capture is null)
            {
                break;
            }

            try
            {
                return capture.Read(block);
            }
            catch (Exception ex) when (ex is AudioCaptureException or ObjectDisposedException)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    break;
                }

                Lost((ex as AudioCaptureException) ?? new AudioCaptureException($"capture from {SourceName} was closed", ex));
            }
        }

        return 0;
    }

    /// <summary>Stops: a waiting or later <see cref="Read"/> returns 0; the open connection is closed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private void Lost(AudioCaptureException error)
    {
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }

        Losses++;
        _logger?.LogWarning("capture lost: {Reason}; reconnecting", error.Message);
        ConnectionChanged?.Invoke(this, new CaptureConnectionEventArgs(false, error, TimeSpan.Zero, 0));
    }

    /// <summary>Reopens with backoff until it works or the capture is disposed (then null).</summary>
    private IAudioCapture? Reconnect()
    {
        var outage = Stopwatch.StartNew();
        var delay = _initialDelay;
        AudioCaptureException? last = null;
        for (int attempt = 1; ; attempt++)
        {
            if (_stop.Token.WaitHandle.WaitOne(delay))
            {
                return null;
            }

            try
            {
                var capture = _provider.Open(_request);
                lock (_gate)
                {
                    if (Volatile.Read(ref _disposed) != 0)
                    {
                        capture.Dispose();
                        return null;
                    }

                    _current = capture;
                }

                _logger?.LogInformation("capture from {Source} restored after {Seconds:0.0} s ({Attempts} attempts)", SourceName, outage.Elapsed.TotalSeconds, attempt);
                ConnectionChanged?.Invoke(this, new CaptureConnectionEventArgs(true, last, outage.Elapsed, attempt));
                return capture;
            }
            catch (AudioCaptureException ex)
            {
                if (last?.Message != ex.Message)
                {
                    _logger?.LogDebug("reconnect attempt {Attempt} failed: {Reason}", attempt, ex.Message);
                }

                last = ex;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _maxDelay.Ticks));
            }
        }
    }
}
