using VoiceFlow.Core.Engines;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// One utterance decoded while it is captured, on a decoder rented from the factory for the stream's life. Features
/// and the search advance with every block fed; <see cref="Finish"/> flushes the last frames and ends the search.
/// <para>
/// The cepstral mean: a job subtracts the whole utterance's mean, which a stream cannot know before the end. It starts
/// with the model's <c>-cmninit</c> and measures the real mean as it goes; each time the utterance's voiced frames
/// double (0.5 s, 1 s, 2 s, 4 s, then no more) it restarts with the mean measured so far and decodes the audio again
/// from its start (in the background, while the user speaks: at most twice the decode work of the first 8 s). So the
/// mean in use at the end was measured over at least half the utterance (4 s of voice for a longer one), and over all
/// of it for an utterance shorter than the first step.
/// The running mean sphinxbase would use instead (the model's prior, moved slowly) costs a third more word errors on
/// the corpus. The decoder's own CMN mode is put back when the stream ends.
/// </para>
/// </summary>
internal sealed class PocketSphinxStream : ISpeechStream
{
    private readonly DecoderPool _pool;
    private readonly bool _timestamps;
    /// <summary>Voiced frames (10 ms) before the first restart with a measured mean.</summary>
    private const long FirstRestartFrames = 50;

    /// <summary>
    /// The last restart (4 s of voiced frames): by then the mean is well measured, and a later restart would decode
    /// seconds of audio again just as the user may stop, making end wait for it.
    /// </summary>
    private const long LastRestartFrames = 400;

    private NativeDecoder? _decoder;
    private float[] _audio = new float[16_000 * 4];
    private int _fed;
    private long _restartAt = FirstRestartFrames;
    private bool _finished;

    private PocketSphinxStream(DecoderPool pool, NativeDecoder decoder, bool timestamps)
    {
        _pool = pool;
        _decoder = decoder;
        _timestamps = timestamps;
    }

    /// <summary>A stream on a free decoder; null when none is free or the decoder cannot stream.</summary>
    public static PocketSphinxStream? TryOpen(DecoderPool pool, TranscriptionOptions options)
    {
        var decoder = pool.TryRent();
        if (decoder is null)
        {
            return null;
        }

        if (!decoder.CanStream)
        {
            pool.Return(decoder);
            return null;
        }

        try
        {
            decoder.StartStream();
        }
        catch
        {
            decoder.AbandonStream();
            pool.Return(decoder);
            throw;
        }

        return new PocketSphinxStream(pool, decoder, options.Timestamps);
    }

    public void Feed(ReadOnlySpan<float> samples16k)
    {
        var decoder = Decoder();
        if (samples16k.IsEmpty)
        {
            return;
        }

        Keep(samples16k);
        decoder.FeedStream(samples16k);
        if (decoder.StreamFrames >= _restartAt && _restartAt <= LastRestartFrames)
        {
            _restartAt = decoder.StreamFrames * 2;
            decoder.RestartStream(decoder.MeasuredStreamMean());
            decoder.FeedStream(_audio.AsSpan(0, _fed));
        }
    }

    public IReadOnlyList<Segment> Finish()
    {
        var decoder = Decoder();
        _finished = true;
        if (decoder.StreamFrames > 0 && decoder.StreamFrames < FirstRestartFrames)
        {
            // Shorter than the first step: its own mean is cheap to use (half a second of audio, decoded again).
            decoder.RestartStream(decoder.MeasuredStreamMean());
            decoder.FeedStream(_audio.AsSpan(0, _fed));
        }

        var result = decoder.FinishStream();
        return result.Text.Length == 0 ? [] : [result.ToSegment(_fed, _timestamps)];
    }

    /// <summary>Keeps what was fed, to decode it again after a restart.</summary>
    private void Keep(ReadOnlySpan<float> samples)
    {
        if (_fed + samples.Length > _audio.Length)
        {
            Array.Resize(ref _audio, Math.Max(_audio.Length * 2, _fed + samples.Length));
        }

        samples.CopyTo(_audio.AsSpan(_fed));
        _fed += samples.Length;
    }

    public void Dispose()
    {
        if (_decoder is { } decoder)
        {
            _decoder = null;
            decoder.AbandonStream();
            _pool.Return(decoder);
        }
    }

    private NativeDecoder Decoder()
    {
        var decoder = _decoder ?? throw new ObjectDisposedException(nameof(PocketSphinxStream));
        return _finished ? throw new InvalidOperationException("The stream has already finished.") : decoder;
    }
}
