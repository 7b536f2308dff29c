namespace VoiceFlow.Core.Audio;

/// <summary>
/// A file decoded and resampled to 16 kHz mono as it is read, block by block: how a recording of any length reaches
/// the recogniser in bounded memory (<see cref="AudioFileLoader"/> keeps the whole result; this keeps one block).
/// Open it with <see cref="OpenAsync"/>; read it like a stream.
/// </summary>
public sealed class Mono16kStream : IAsyncDisposable
{
    /// <summary>Source samples decoded per block.</summary>
    private const int BlockSamples = 4096;

    private readonly IMonoSampleSource _source;
    private readonly StreamingResampler _resampler;
    private readonly float[] _block = new float[BlockSamples];
    private float[] _pending;
    private int _pendingStart;
    private int _pendingEnd;
    private bool _sourceEnded;
    private long _produced;

    private Mono16kStream(IMonoSampleSource source)
    {
        _source = source;
        _resampler = new StreamingResampler(source.SampleRate, AudioFormat.RecognizerSampleRate);
        _pending = new float[_resampler.MaxOutputLength(BlockSamples)];
    }

    /// <summary>Opens a file: WAV through the managed reader, anything else through ffmpeg (as <see cref="AudioFileLoader"/> does).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The ffmpeg executable (its duration limit and timeout are the caller's to apply); null for the defaults.</param>
    /// <param name="cancellationToken">Stops opening; ffmpeg, when used, is killed when it is cancelled.</param>
    /// <exception cref="Errors.AudioFormatException">Missing, empty, malformed or undecodable file; ffmpeg missing.</exception>
    public static async Task<Mono16kStream> OpenAsync(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var source = await AudioFileLoader.OpenSourceAsync(path, options ?? AudioLoadOptions.Default, cancellationToken).ConfigureAwait(false);
        return new Mono16kStream(source);
    }

    /// <summary>Samples at 16 kHz the whole file will give, when the source knows its length (a seekable WAV); otherwise null.</summary>
    public long? Length => _source.Length is long length ? _resampler.OutputLengthFor(length) : null;

    /// <summary>The expected duration: <see cref="Length"/> when known, else what the container declares (ffmpeg's report), else null.</summary>
    public TimeSpan? ExpectedDuration =>
        Length is long length ? TimeSpan.FromSeconds(length / (double)AudioFormat.RecognizerSampleRate) : _source.Describe().DeclaredDuration;

    /// <summary>Samples at 16 kHz returned so far.</summary>
    public long Position => _produced;

    /// <summary>
    /// Fills <paramref name="destination"/> as far as the audio goes; returns how many samples were written, fewer than
    /// asked only at the end (0 once the end was reached).
    /// </summary>
    /// <exception cref="Errors.AudioFormatException">The data cannot be decoded.</exception>
    public async ValueTask<int> ReadAsync(Memory<float> destination, CancellationToken cancellationToken = default)
    {
        int written = 0;
        while (written < destination.Length)
        {
            if (_pendingStart == _pendingEnd && !await RefillAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            int count = Math.Min(_pendingEnd - _pendingStart, destination.Length - written);
            _pending.AsSpan(_pendingStart, count).CopyTo(destination.Span[written..]);
            _pendingStart += count;
            written += count;
        }

        _produced += written;
        return written;
    }

    /// <summary>What is known about the source so far; complete once the end was read.</summary>
    public AudioSourceInfo Describe() => _source.Describe();

    /// <summary>Decodes and resamples the next block into the pending buffer; false at the end.</summary>
    private async ValueTask<bool> RefillAsync(CancellationToken cancellationToken)
    {
        _pendingStart = _pendingEnd = 0;
        while (!_sourceEnded && _pendingEnd == 0)
        {
            int read = await _source.ReadAsync(_block, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _sourceEnded = true;
                if (_resampler.PendingFlushLength > _pending.Length)
                {
                    // Upsampling from a very low rate: the look-ahead's tail can exceed one block's output (once per file).
                    _pending = new float[_resampler.PendingFlushLength];
                }

                _pendingEnd = _resampler.Flush(_pending);
                return _pendingEnd > 0;
            }

            _pendingEnd = _resampler.Process(_block.AsSpan(0, read), _pending);
        }

        return _pendingEnd > 0;
    }

    /// <summary>Closes the file (and stops ffmpeg if it still runs).</summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
