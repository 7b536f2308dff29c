using System.Collections.Concurrent;
using System.Diagnostics;
using VoiceFlow.Core.Capture;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>
/// A capture the test feeds: blocks arrive at real-time pace (20 ms each), carrying queued audio when there is
/// some and silence otherwise — what a microphone in a quiet room does. For protocol and lifecycle tests; the
/// end-to-end tests record a real PulseAudio server instead.
/// </summary>
internal sealed class PacedCapture : IAudioCaptureProvider
{
    private readonly ConcurrentQueue<float[]> _queued = new();
    private volatile bool _failing;
    private float[]? _current;
    private int _position;

    public string Name => "paced";

    /// <summary>Times <see cref="Open"/> was called (reconnects).</summary>
    public int Opens { get; private set; }

    public IReadOnlyList<CaptureDevice> ListSources() => [new CaptureDevice("paced", "test feed", IsMonitor: false, IsDefault: true)];

    public IAudioCapture Open(CaptureRequest request)
    {
        Opens++;
        return _failing ? throw new AudioCaptureException("test: the sound server is gone") : new Capture(this);
    }

    /// <summary>Plays <paramref name="samples"/> next, in real time.</summary>
    public void Play(float[] samples) => _queued.Enqueue(samples);

    /// <summary>While true, reads and opens fail as a vanished server would.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    private void Fill(Span<float> block)
    {
        int filled = 0;
        while (filled < block.Length)
        {
            if (_current is null || _position == _current.Length)
            {
                if (!_queued.TryDequeue(out _current))
                {
                    block[filled..].Clear();
                    return;
                }

                _position = 0;
            }

            int take = Math.Min(block.Length - filled, _current.Length - _position);
            _current.AsSpan(_position, take).CopyTo(block[filled..]);
            _position += take;
            filled += take;
        }
    }

    private sealed class Capture(PacedCapture owner) : IAudioCapture
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _samples;

        public string SourceName => "paced";

        public int Read(Span<float> block)
        {
            if (owner._failing)
            {
                throw new AudioCaptureException("test: the sound server is gone");
            }

            // Real time: the block is available once its last sample has "been spoken".
            var due = TimeSpan.FromSeconds((_samples + block.Length) / 16_000.0) - Stopwatch.GetElapsedTime(_started);
            if (due > TimeSpan.Zero)
            {
                Thread.Sleep(due);
            }

            owner.Fill(block);
            _samples += block.Length;
            return block.Length;
        }

        public void Dispose()
        {
        }
    }
}
