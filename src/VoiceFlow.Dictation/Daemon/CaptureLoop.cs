using Microsoft.Extensions.Logging;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Capture;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// The always-on capture thread: reads fixed blocks from the capture and feeds every one to the recorder (which
/// keeps the pre-roll ring full whether or not a dictation is running). One preallocated block, no allocation per
/// block. When the capture fails (server stopped, source unplugged) it reports unhealthy and reopens it after a
/// delay until it comes back.
/// </summary>
internal sealed class CaptureLoop
{
    private readonly IAudioCaptureProvider _provider;
    private readonly CaptureRequest _request;
    private readonly DictationRecorder _recorder;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger? _logger;
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;
    private volatile bool _healthy;
    private volatile string? _lastError;
    private volatile string _sourceName;
    private long _blocks;

    public CaptureLoop(IAudioCaptureProvider provider, CaptureRequest request, DictationRecorder recorder, TimeSpan retryDelay, ILogger? logger)
    {
        _provider = provider;
        _request = request;
        _recorder = recorder;
        _retryDelay = retryDelay;
        _logger = logger;
        _sourceName = request.Source ?? "default";
    }

    /// <summary>True while blocks arrive.</summary>
    public bool IsHealthy => _healthy;

    /// <summary>Why capture last failed, or null.</summary>
    public string? LastError => _lastError;

    /// <summary>The source being read, as the capture names it.</summary>
    public string SourceName => _sourceName;

    /// <summary>Blocks fed to the recorder so far.</summary>
    public long Blocks => Interlocked.Read(ref _blocks);

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "voiceflow-capture", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Asks the thread to stop and waits for it; a read blocked in a dead server is abandoned (the thread is a background thread).</summary>
    public void Stop(TimeSpan wait)
    {
        _stop.Set();
        _thread?.Join(wait);
    }

    private void Run()
    {
        var block = new float[_request.BlockSamples];
        while (!_stop.IsSet)
        {
            IAudioCapture? capture = null;
            try
            {
                capture = _provider.Open(_request);
                _sourceName = capture.SourceName;
                _logger?.LogInformation("capture: reading {Source}", capture.SourceName);
                ReadUntilStopped(capture, block);
            }
            catch (AudioCaptureException ex)
            {
                Fail(ex.Message);
            }
            finally
            {
                capture?.Dispose();
            }

            _stop.Wait(_retryDelay);
        }

        _healthy = false;
    }

    private void ReadUntilStopped(IAudioCapture capture, float[] block)
    {
        while (!_stop.IsSet)
        {
            int read = capture.Read(block);
            if (read > 0)
            {
                _recorder.Write(block.AsSpan(0, read));
                Interlocked.Increment(ref _blocks);
                if (!_healthy)
                {
                    _healthy = true;
                    _lastError = null;
                }
            }

            if (read < block.Length)
            {
                Fail($"capture source {capture.SourceName} ended");
                return;
            }
        }
    }

    private void Fail(string message)
    {
        bool wasHealthy = _healthy;
        _healthy = false;
        _lastError = message;
        if (wasHealthy || _logger?.IsEnabled(LogLevel.Debug) == true)
        {
            _logger?.LogWarning("capture: {Error}; retrying every {Delay} s", message, _retryDelay.TotalSeconds);
        }
    }
}
