using VoiceFlow.Core.Capture;

namespace VoiceFlow.PulseAudio.Tests;

/// <summary>Reads a capture on its own thread, as a daemon would, keeping every sample until stopped.</summary>
internal sealed class BackgroundRecorder : IDisposable
{
    private readonly IAudioCapture _capture;
    private readonly List<float> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    public BackgroundRecorder(IAudioCapture capture, int blockSamples = 320)
    {
        _capture = capture;
        _thread = new Thread(() => Run(blockSamples)) { IsBackground = true, Name = "test capture" };
        _thread.Start();
    }

    /// <summary>What ended the reading early, if anything did.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Samples recorded so far.</summary>
    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>A copy of the samples from <paramref name="from"/> on.</summary>
    public float[] Snapshot(int from = 0)
    {
        lock (_samples)
        {
            return [.. _samples.Skip(from)];
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> samples have arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count < count)
        {
            Assert.True(Error is null, $"capture failed: {Error}");
            Assert.True(DateTime.UtcNow < deadline, $"only {Count} of {count} samples arrived within {timeout.TotalSeconds} s");
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Stops reading (the capture is disposed by its owner) and returns everything recorded.</summary>
    public float[] Stop()
    {
        _stopping = true;
        _capture.Dispose();
        _thread.Join(TimeSpan.FromSeconds(10));
        return Snapshot();
    }

    public void Dispose() => Stop();

    private void Run(int blockSamples)
    {
        var block = new float[blockSamples];
        try
        {
            while (!_stopping)
            {
                int read = _capture.Read(block);
                if (read == 0)
                {
                    return;
                }

                lock (_samples)
                {
                    _samples.AddRange(block.AsSpan(0, read));
                }
            }
        }
        catch (Exception ex)
        {
            // A failure while stopping is the stop itself (the capture was disposed under the read).
            if (!_stopping)
            {
                Error = ex;
            }
        }
    }
}
