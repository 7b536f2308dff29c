using VoiceFlow.Core.Audio;
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
/// <para>
/// Phrases: at a pause (<see cref="EndPhrase"/>) the utterance is ended there and a new one starts at once, with the
/// mean measured so far; the search's end-of-utterance passes (forward-flat, best path), which grow with the utterance,
/// then run at each pause while the user speaks, and <see cref="Finish"/> only ends the last phrase. A restart decodes
/// the current phrase again, not the ones before it; the mean goes on being measured over the whole stream.
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

    private readonly List<Segment> _segments = [];
    private NativeDecoder? _decoder;
    private float[] _audio = new float[16_000 * 4];
    private int _fed;
    private long _phraseStart;
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

    public void EndPhrase()
    {
        var decoder = Decoder();
        if (_fed == 0)
        {
            return;
        }

        RestartIfShort(decoder);
        Keep(decoder.EndStreamPhrase(decoder.MeasuredStreamMean()));
    }

    public string? PartialText
    {
        get
        {
            string current = Decoder().StreamHypothesis();
            return string.Join(' ', _segments.Select(s => s.Text).Append(current).Where(t => t.Length > 0));
        }
    }

    public IReadOnlyList<Segment> Finish()
    {
        var decoder = Decoder();
        _finished = true;
        RestartIfShort(decoder);
        Keep(decoder.FinishStream());
        return _segments;
    }

    /// <summary>A stream shorter than the first step uses its own mean: cheap (half a second of audio, decoded again).</summary>
    private void RestartIfShort(NativeDecoder decoder)
    {
        if (decoder.StreamFrames > 0 && decoder.StreamFrames < FirstRestartFrames)
        {
            decoder.RestartStream(decoder.MeasuredStreamMean());
            decoder.FeedStream(_audio.AsSpan(0, _fed));
        }
    }

    /// <summary>Keeps the phrase's segment (times from the stream's start) and starts the next phrase's audio.</summary>
    private void Keep(DecodeResult phrase)
    {
        if (phrase.Text.Length > 0)
        {
            _segments.Add(phrase.ToSegment(_fed, _timestamps).Shift(AudioFormat.DurationOf(_phraseStart)));
        }

        _phraseStart += _fed;
        _fed = 0;
    }

    /// <summary>Keeps what was fed of the current phrase, to decode it again after a restart.</summary>
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
