using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VoiceFlow.Core.Capture;

/// <summary>
/// The one capture thread of the project (the dictation daemon's pre-roll, <c>voiceflow listen</c>): reads fixed
/// blocks from a capture of any <see cref="IAudioCaptureProvider"/> and hands each to a handler, with one reused
/// block and no allocation per block. When the capture fails (server stopped or restarted, device unplugged, a
/// source that ended) it reports the loss (<see cref="ConnectionChanged"/>, <see cref="LastError"/>, the logger) and
/// reopens the same request with growing delays (<see cref="CaptureReconnectPolicy"/>) until it is back, then reports
/// that and carries on: the handler sees a gap in time, never an error. Only <see cref="StopAsync"/> ends it.
/// Properties and <see cref="StopAsync"/> may be used from any thread.
/// </summary>
public sealed class CaptureLoop : IDisposable
{
    private readonly IAudioCaptureProvider _provider;
    private readonly CaptureRequest _request;
    private readonly CaptureReconnectPolicy _policy;
    private readonly ILogger? _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _audioArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IAudioCapture? _current;
    private int _started;
    private volatile bool _receiving;
    private volatile bool _connected;
    private volatile string? _lastError;
    private volatile string _sourceName;
    private long _blocks;
    private int _losses;

    /// <param name="provider">Where captures come from (PulseAudio, a test feed...).</param>
    /// <param name="request">What to capture; reopened as is after a loss. Its block size is the size of every read.</param>
    /// <param name="policy">The waits between reconnection attempts; null for the defaults (100 ms doubling to 2 s).</param>
    /// <param name="logger">Gets the first connection, a warning per loss and a line per recovery; null for none.</param>
    public CaptureLoop(IAudioCaptureProvider provider, CaptureRequest request, CaptureReconnectPolicy? policy = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(request);
        _policy = policy ?? new CaptureReconnectPolicy();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_policy.InitialDelay, TimeSpan.Zero, nameof(policy));
        _provider = provider;
        _request = request;
        _logger = logger;
        _sourceName = request.Source ?? "default";
    }

    /// <summary>Raised on the capture thread when the connection is lost and when it is back (also when the first connection needed retries).</summary>
    public event EventHandler<CaptureConnectionEventArgs>? ConnectionChanged;

    /// <summary>The source being read, as the capture names it (the request's name until the first connection).</summary>
    public string SourceName => _sourceName;

    /// <summary>Whether a connection is open now.</summary>
    public bool IsConnected => _connected;

    /// <summary>True while blocks arrive: since the first block of the current connection, until it fails.</summary>
    public bool IsReceiving => _receiving;

    /// <summary>Why capture last failed (a lost connection or a failed reopen); null once blocks arrive again.</summary>
    public string? LastError => _lastError;

    /// <summary>Blocks handed to the handler so far.</summary>
    public long Blocks => Interlocked.Read(ref _blocks);

    /// <summary>Established connections lost so far.</summary>
    public int Losses => Volatile.Read(ref _losses);

    /// <summary>Completes once the capture thread has ended (after <see cref="StopAsync"/>); faulted when the block handler threw.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Opens the first connection now, on the caller's thread, so a wrong source or a missing library fails at once
    /// with its clear error; the loop then starts on it, and later losses are retried. Without it,
    /// <see cref="Start"/> opens on the capture thread and retries from the first attempt.
    /// </summary>
    /// <exception cref="AudioCaptureException">The open failed.</exception>
    /// <exception cref="InvalidOperationException">Already open or started.</exception>
    public void Open()
    {
        if (Volatile.Read(ref _started) != 0 || Volatile.Read(ref _current) is not null)
        {
            throw new InvalidOperationException("The capture loop is already open.");
        }

        var capture = _provider.Open(_request);
        _sourceName = capture.SourceName;
        Volatile.Write(ref _current, capture);
        _connected = true;
    }

    /// <summary>Starts the capture thread; <paramref name="onBlock"/> gets every block read, on that thread.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(CaptureBlockHandler onBlock)
    {
        ArgumentNullException.ThrowIfNull(onBlock);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The capture loop has already been started.");
        }

        // Its own thread, not the pool's: reads block for a block's duration, for as long as the loop runs.
        var thread = new Thread(() => Run(onBlock)) { IsBackground = true, Name = "voiceflow-capture", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    /// <summary>Runs the loop until <paramref name="stop"/> fires; completes as <see cref="Completion"/> does.</summary>
    public async Task RunAsync(CaptureBlockHandler onBlock, CancellationToken stop)
    {
        Start(onBlock);
        using (stop.Register(static loop => ((CaptureLoop)loop!).RequestStop(), this))
        {
            await Completion.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until blocks arrive (at once when they do now). False when <paramref name="timeout"/> passed first: the
    /// capture is down or has not delivered yet (<see cref="LastError"/> says why), and the loop keeps retrying.
    /// </summary>
    public async Task<bool> WaitForAudioAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!_receiving)
        {
            // A loss replaces the signal: wait on the one of the connection to come.
            var arrived = Volatile.Read(ref _audioArrived).Task;
            var remaining = TimeSpan.FromSeconds((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await arrived.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return _receiving;
            }
        }

        return true;
    }

    /// <summary>
    /// Asks the thread to stop and closes the open connection; the task completes as <see cref="Completion"/> does. A
    /// read blocked in a server that hangs is abandoned with its thread (a background thread), so callers that must not
    /// hang bound the wait.
    /// </summary>
    public Task StopAsync()
    {
        RequestStop();
        if (Volatile.Read(ref _started) == 0)
        {
            _completion.TrySetResult();
        }

        return Completion;
    }

    /// <summary>Stops without waiting (see <see cref="StopAsync"/>).</summary>
    public void Dispose() => StopAsync();

    private void RequestStop()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
        }

        // A read in progress on it finishes or fails; the loop then sees the stop.
        Interlocked.Exchange(ref _current, null)?.Dispose();
        _connected = false;
    }

    private void Run(CaptureBlockHandler onBlock)
    {
        var block = new float[_request.BlockSamples];
        var outage = new Outage(_policy.InitialDelay);
        try
        {
            // Open's connection, or none yet: then the first attempt is made at once, and every later one after a wait.
            var capture = Volatile.Read(ref _current);
            while (!_stop.IsCancellationRequested)
            {
                if (capture is null)
                {
                    if (outage.Pending && _stop.Token.WaitHandle.WaitOne(outage.Delay))
                    {
                        break;
                    }

                    capture = TryOpen(ref outage);
                    continue;
                }

                var lost = ReadUntilStoppedOrLost(capture, block, onBlock);
                Close(capture);
                capture = null;
                if (lost is null)
                {
                    break;
                }

                Lost(lost);
                outage = new Outage(_policy.InitialDelay) { Pending = true, Started = Stopwatch.GetTimestamp() };
            }

            _completion.TrySetResult();
        }
        catch (Exception ex)
        {
            // The handler threw: the loop cannot go on without losing what it was fed.
            _logger?.LogError(ex, "capture: the block handler failed; capture stopped");
            _completion.TrySetException(ex);
        }
        finally
        {
            Interlocked.Exchange(ref _current, null)?.Dispose();
            _receiving = false;
            _connected = false;
        }
    }

    /// <summary>One open attempt: the capture, or null after recording the failure (or when stopped meanwhile).</summary>
    private IAudioCapture? TryOpen(ref Outage outage)
    {
        outage.Attempts++;
        IAudioCapture capture;
        try
        {
            capture = _provider.Open(_request);
        }
        catch (AudioCaptureException ex)
        {
            OpenFailed(ex, ref outage);
            return null;
        }

        // Published before the stop check: a stop after the check finds it and closes it.
        Volatile.Write(ref _current, capture);
        if (_stop.IsCancellationRequested)
        {
            Close(capture);
            return null;
        }

        _sourceName = capture.SourceName;
        _connected = true;
        if (outage.Pending)
        {
            var elapsed = Stopwatch.GetElapsedTime(outage.Started);
            _logger?.LogInformation("capture from {Source} restored after {Seconds:0.0} s ({Attempts} attempts)", capture.SourceName, elapsed.TotalSeconds, outage.Attempts);
            ConnectionChanged?.Invoke(this, new CaptureConnectionEventArgs(true, outage.LastError, elapsed, outage.Attempts));
        }
        else
        {
            _logger?.LogInformation("capture: reading {Source}", capture.SourceName);
        }

        return capture;
    }

    private void OpenFailed(AudioCaptureException error, ref Outage outage)
    {
        if (!outage.Pending)
        {
            // The very first connection failed: an outage from the start; the first retry waits the initial delay.
            outage.Pending = true;
            outage.Started = Stopwatch.GetTimestamp();
            _logger?.LogWarning("capture: {Error}; retrying", error.Message);
        }
        else
        {
            if (outage.LastError?.Message != error.Message)
            {
                _logger?.LogDebug("capture: reconnect attempt {Attempt} failed: {Reason}", outage.Attempts, error.Message);
            }

            outage.Delay = _policy.Next(outage.Delay);
        }

        outage.LastError = error;
        _lastError = error.Message;
    }

    /// <summary>Reads until stopped (null) or the capture fails or ends (why).</summary>
    private AudioCaptureException? ReadUntilStoppedOrLost(IAudioCapture capture, float[] block, CaptureBlockHandler onBlock)
    {
        while (!_stop.IsCancellationRequested)
        {
            int read;
            try
            {
                read = capture.Read(block);
            }
            catch (Exception ex) when (ex is AudioCaptureException or ObjectDisposedException)
            {
                return _stop.IsCancellationRequested
                    ? null
                    : ex as AudioCaptureException ?? new AudioCaptureException($"capture from {capture.SourceName} was closed", ex);
            }

            if (read > 0)
            {
                onBlock(block.AsSpan(0, read));
                Interlocked.Increment(ref _blocks);
                if (!_receiving)
                {
                    _lastError = null;
                    _receiving = true;
                    Volatile.Read(ref _audioArrived).TrySetResult();
                }
            }

            if (read < block.Length)
            {
                return _stop.IsCancellationRequested ? null : new AudioCaptureException($"capture source {capture.SourceName} ended");
            }
        }

        return null;
    }

    private void Close(IAudioCapture capture)
    {
        if (ReferenceEquals(Interlocked.CompareExchange(ref _current, null, capture), capture))
        {
            capture.Dispose();
        }

        _connected = false;
    }

    private void Lost(AudioCaptureException error)
    {
        // Waiters from now on wait for the next connection's first block.
        Volatile.Write(ref _audioArrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _receiving = false;
        _lastError = error.Message;
        Interlocked.Increment(ref _losses);
        _logger?.LogWarning("capture lost: {Reason}; reconnecting", error.Message);
        ConnectionChanged?.Invoke(this, new CaptureConnectionEventArgs(false, error, TimeSpan.Zero, 0));
    }

    /// <summary>The state of one spell without a connection.</summary>
    private struct Outage(TimeSpan initialDelay)
    {
        /// <summary>Opens tried so far in this spell.</summary>
        public int Attempts;

        /// <summary>The wait before the next attempt.</summary>
        public TimeSpan Delay = initialDelay;

        /// <summary>True once there is an outage to report when the connection comes (back).</summary>
        public bool Pending;

        /// <summary>When the outage began (a Stopwatch timestamp).</summary>
        public long Started;

        /// <summary>The last failed attempt's error.</summary>
        public AudioCaptureException? LastError;
    }
}
