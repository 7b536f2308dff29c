using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Streaming;

/// <summary>
/// Cuts what it is fed into phrases at the pauses a voice activity detector hears, and ends each phrase on the stream it
/// wraps (<see cref="ISpeechStream.EndPhrase"/>) as soon as the pause is heard, so at <see cref="Finish"/> only the last
/// phrase is left to decode. A cut falls in the middle of the pause (never before what was already fed); every sample is
/// fed exactly once, in order, so segment times stay those of the whole recording and no word is lost or doubled.
/// <para>
/// Audio with no speech heard since the last cut is held back and fed only once speech starts again (an engine invents
/// text on silence); at <see cref="Finish"/>, held-back audio in which the detector heard no speech is dropped — it lies
/// after every word, so no time moves.
/// </para>
/// <para>
/// Speculation: when the stream it wraps decodes each phrase as a whole input (<see cref="ISpeculativePhrases"/>,
/// Whisper), a pause of the speculative length (shorter than the phrase pause) feeds the audio heard so far (up to
/// where that pause's cut would fall, at most) and starts decoding the phrase in the background. If the pause becomes a
/// cut (or the stream finishes in it), what the phrase has beyond the speculation is silence the detector heard, and
/// the decode already under way is its text; speech before then discards it.
/// </para>
/// <para>
/// At the end (<see cref="SpeculateToEnd"/>, the key released, a tail still to come) the phrase in progress starts
/// decoding at once with everything fed, once the detector has analysed up to the end (so its verdict on the last
/// speech before the end is known); the decode is the phrase's text unless the detector hears speech after the audio it
/// decodes — a word cut at the release and going on into the tail, or a new one — and that is judged by where the heard
/// speech lies, not by whether the detector is silent now (it reports the end of speech late).
/// </para>
/// Not thread-safe: one feeder, as <see cref="ISpeechStream"/>.
/// </summary>
internal sealed class PhraseCuttingStream : ISpeechStream, ISpeculativeEnd
{
    /// <summary>Silero's chunk: a slice never holds both the end of a pause and speech after it.</summary>
    private const int SliceSamples = 512;

    private readonly ISpeechStream _inner;
    private readonly IVoiceActivityDetector _vad;
    private readonly long _holdBack;
    private readonly long _halfPause;
    private readonly ISpeculativePhrases? _speculative;
    private readonly long _speculateAfter;
    private float[] _held = new float[AudioFormat.RecognizerSampleRate * 2];
    private int _heldLength;
    private long _fed;
    private bool _speechSinceCut;
    private long _speculatedPause = -1;
    private long _endAt = -1; // the end's position, until the detector has analysed up to it
    private long _speculatedTo = -1; // the end speculation's audio ends here, while it stands
    private long _speechStart = -1; // the speech in progress the last time the detector was in speech
    private long _speechHeardTo; // where the speech last heard in it ends (its pause's start, or the latest sample analysed)
    private bool _released; // the end was marked: the input ends with the tail, a pause in it need not last to be speculated on
    private bool _speculatingSinceRelease; // the standing speculation started after the end was marked

    /// <param name="inner">The engine's stream; owned from here.</param>
    /// <param name="vad">A streaming detector whose speech ends after <paramref name="pause"/> of silence; owned from here.</param>
    /// <param name="pause">The pause that ends a phrase.</param>
    /// <param name="speculativePause">The pause after which a phrase decoded as a whole input starts decoding (see the class); zero for none.</param>
    public PhraseCuttingStream(ISpeechStream inner, IVoiceActivityDetector vad, TimeSpan pause, TimeSpan speculativePause = default)
    {
        _speculative = speculativePause > TimeSpan.Zero ? inner as ISpeculativePhrases : null;
        _speculateAfter = (long)(speculativePause.TotalSeconds * AudioFormat.RecognizerSampleRate);
        _inner = inner;
        _vad = vad;
        _halfPause = (long)(pause.TotalSeconds * AudioFormat.RecognizerSampleRate / 2);
        // Speech is fed this far behind the newest sample, so the cut in the middle of a pause is rarely already fed.
        _holdBack = _halfPause;
    }

    /// <summary>Phrases ended at pauses so far.</summary>
    public int Cuts { get; private set; }

    /// <summary>Speculative decodes started so far (at pauses and at the end).</summary>
    public int Speculations { get; private set; }

    /// <summary>Speculative decodes started at the end (<see cref="SpeculateToEnd"/>).</summary>
    public int EndSpeculations { get; private set; }

    public bool EndSpeculationUsed { get; private set; }

    public void Feed(ReadOnlySpan<float> samples16k)
    {
        // At most one detector chunk at a time, so a pause's start is read before speech after it can move it.
        while (!samples16k.IsEmpty)
        {
            int n = Math.Min(samples16k.Length, SliceSamples);
            FeedSlice(samples16k[..n]);
            samples16k = samples16k[n..];
        }
    }

    /// <summary>Cutting is this stream's own business: a caller's pause changes nothing.</summary>
    public void EndPhrase()
    {
    }

    /// <summary>The engine's preview of what it was fed (held-back audio is not in it yet).</summary>
    public string? PartialText => _inner.PartialText;

    public void SpeculateToEnd()
    {
        if (_speculative is not null)
        {
            _endAt = _fed + _heldLength;
            _released = true;
            SpeculateAtEnd();
        }
    }

    public IReadOnlyList<Segment> Finish()
    {
        _endAt = -1;
        _vad.Complete();
        CutAtPauses();
        EndSpeculationUsed |= _speculatingSinceRelease;
        if (_speechSinceCut || _vad.InSpeech)
        {
            FeedHeld(_heldLength);
        }

        _heldLength = 0;
        return _inner.Finish();
    }

    public void Dispose() => _inner.Dispose();

    private void FeedSlice(ReadOnlySpan<float> samples16k)
    {
        Hold(samples16k);
        _vad.Process(samples16k);
        if (_vad.InSpeech)
        {
            _speechStart = _vad.SpeechStartSample;
            _speechHeardTo = _vad.PauseStartSample >= 0 ? _vad.PauseStartSample : _vad.SamplesAnalysed;
        }

        if (_speculatedPause >= 0 && _vad.InSpeech && _vad.PauseStartSample != _speculatedPause)
        {
            // Speech came back before the pause ended the phrase: the phrase goes on, decoded whole at its end.
            DiscardSpeculation();
        }

        if (_speculatedTo >= 0 && _vad.InSpeech && _speechHeardTo > _speculatedTo)
        {
            // Speech after the end's decode (the last word went on into the tail): the phrase is decoded whole at its end.
            DiscardSpeculation();
        }

        CutAtPauses();
        _speechSinceCut |= _vad.InSpeech;
        if (_speechSinceCut)
        {
            FeedHeld(_heldLength - _holdBack);
        }

        SpeculateAtPause();
        SpeculateAtEnd();
    }

    /// <summary>
    /// In a pause of at least the speculative length: feeds what was heard (up to where its cut would fall, at most) and
    /// starts the phrase's decode. After the end was marked, at the pause's start: the input ends with the tail, so a
    /// word that went on into it (the end's decode discarded) is most likely the last, and waiting for the pause to last
    /// would only put its decode after the tail (speech after the pause discards this one as any other).
    /// </summary>
    private void SpeculateAtPause()
    {
        long pause = _vad.PauseStartSample;
        if (_speculative is null || pause < 0 || pause == _speculatedPause || _speculatedTo >= 0 || !_speechSinceCut
            || _vad.SamplesAnalysed - pause < (_released ? 0 : _speculateAfter))
        {
            return;
        }

        FeedHeld(CutAt(pause) - _fed);
        _speculative.Speculate();
        _speculatedPause = pause;
        _speculatingSinceRelease = _released;
        Speculations++;
    }

    /// <summary>
    /// Once the detector has analysed up to the end: feeds everything held and starts the phrase's decode, unless no
    /// speech was heard since the last cut (nothing to decode) or a pause's speculation already covers it.
    /// </summary>
    private void SpeculateAtEnd()
    {
        if (_endAt < 0 || _vad.SamplesAnalysed < _endAt)
        {
            return;
        }

        _endAt = -1;
        if (_speculative is null || _speculatedPause >= 0 || !_speechSinceCut)
        {
            return;
        }

        FeedHeld(_heldLength);
        _speculative.Speculate();
        _speculatedTo = _fed;
        _speculatingSinceRelease = true;
        Speculations++;
        EndSpeculations++;
    }

    private void DiscardSpeculation()
    {
        _speculative?.DiscardSpeculation();
        _speculatedPause = -1;
        _speculatedTo = -1;
        _speculatingSinceRelease = false;
    }

    /// <summary>The cut for a pause starting at <paramref name="pauseStart"/>: its middle, never before what was fed.</summary>
    private long CutAt(long pauseStart) => Math.Clamp(pauseStart + _halfPause, _fed, _fed + _heldLength);

    private void CutAtPauses()
    {
        while (_vad.TryDequeue(out var speech))
        {
            if (_speculatedPause >= 0 && speech.End < _speculatedPause)
            {
                // Not the pause speculated on (that one would end the speech at its start or after, with a hangover).
                DiscardSpeculation();
            }

            // The speech in progress ends where it was last heard (its segment may add a hangover); any other was never
            // heard in progress (a short burst the detector closes only now), its end is its own.
            if (_speculatedTo >= 0 && (speech.Start == _speechStart ? _speechHeardTo : speech.End) > _speculatedTo)
            {
                DiscardSpeculation();
            }

            EndSpeculationUsed |= _speculatingSinceRelease;

            // The speech ended at speech.End and the detector heard the pause after it: cut in the middle of the pause.
            long cut = CutAt(speech.End);
            FeedHeld(cut - _fed);
            _inner.EndPhrase();
            _speculatedPause = -1;
            _speculatedTo = -1;
            _speculatingSinceRelease = false;
            Cuts++;
            _speechSinceCut = false;
        }
    }

    private void Hold(ReadOnlySpan<float> samples)
    {
        if (_heldLength + samples.Length > _held.Length)
        {
            Array.Resize(ref _held, Math.Max(_held.Length * 2, _heldLength + samples.Length));
        }

        samples.CopyTo(_held.AsSpan(_heldLength));
        _heldLength += samples.Length;
    }

    /// <summary>Feeds the oldest <paramref name="count"/> held samples (none when not positive) to the engine's stream.</summary>
    private void FeedHeld(long count)
    {
        int n = (int)Math.Min(count, _heldLength);
        if (n <= 0)
        {
            return;
        }

        _inner.Feed(_held.AsSpan(0, n));
        _fed += n;
        _held.AsSpan(n, _heldLength - n).CopyTo(_held);
        _heldLength -= n;
    }
}
