using System.Text;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Transcription;

/// <summary>
/// A stream for an engine that only decodes whole inputs (Whisper): it keeps the phrase in progress and decodes each
/// finished phrase (<see cref="EndPhrase"/>, at a pause, while the speaker goes on) as one input, with the text of the
/// phrases before it as its prompt, as condition_on_previous_text does between windows. <see cref="Finish"/> then
/// decodes only the last phrase. Each decode is one use of the model through <see cref="ModelAccess"/>, queued like a
/// job; the calls block the feeder's thread until it is done (the feeder is a background thread of its own).
/// <para>
/// Speculation (<see cref="ISpeculativePhrases"/>): at a short pause the phrase so far starts decoding in the
/// background while the feeder goes on; when the phrase ends with nothing but silence fed after that point, its end
/// waits for that decode instead of starting one (the silence after the point moves the next phrase's times, it is not
/// decoded); speech after the point discards it, so a phrase's text always comes from exactly one decode.
/// </para>
/// </summary>
internal sealed class BatchPhraseStream : ISpeechStream, ISpeculativePhrases
{
    /// <summary>The prompt keeps the end of what was said (Whisper itself keeps at most half its text context).</summary>
    private const int MaxPromptCharacters = 1000;

    private readonly ModelAccess _access;
    private readonly TranscriptionOptions _engine;
    private readonly List<Segment> _segments = [];
    private readonly StringBuilder _said = new();
    private float[] _phrase = new float[AudioFormat.RecognizerSampleRate * 8];
    private int _length;
    private long _phraseStart;
    private bool _finished;
    private bool _disposed;
    private Speculation? _speculation;

    public BatchPhraseStream(ModelAccess access, TranscriptionOptions engine)
    {
        _access = access;
        _engine = engine;
    }

    /// <summary>Phrases decoded so far (the last one, decoded by <see cref="Finish"/>, included).</summary>
    public int PhrasesDecoded { get; private set; }

    /// <summary>Phrases whose text came from a speculative decode.</summary>
    public int SpeculationsUsed { get; private set; }

    /// <summary>Speculative decodes discarded because speech came after their point.</summary>
    public int SpeculationsDiscarded { get; private set; }

    public void Feed(ReadOnlySpan<float> samples16k)
    {
        CheckOpen();
        if (_length + samples16k.Length > _phrase.Length)
        {
            Array.Resize(ref _phrase, Math.Max(_phrase.Length * 2, _length + samples16k.Length));
        }

        samples16k.CopyTo(_phrase.AsSpan(_length));
        _length += samples16k.Length;
    }

    public void EndPhrase()
    {
        CheckOpen();
        DecodePhrase();
    }

    public IReadOnlyList<Segment> Finish()
    {
        CheckOpen();
        _finished = true;
        DecodePhrase();
        return _segments;
    }

    public void Speculate()
    {
        CheckOpen();
        DiscardSpeculation();
        if (_length == 0)
        {
            return;
        }

        // A copy: the phrase's buffer is written again once this phrase ends, maybe before a discarded decode stops.
        var audio = _phrase.AsSpan(0, _length).ToArray();
        FiniteGuard.EnsureFinite(audio);
        var cancel = new CancellationTokenSource();
        var options = PhraseOptions();
        // On the pool: the engine may run the whole decode before its first await, and the feeder must go on.
        _speculation = new Speculation(Task.Run(() => Decode(audio, options, cancel.Token), CancellationToken.None), cancel);
    }

    public void DiscardSpeculation()
    {
        if (_speculation is not { } speculation)
        {
            return;
        }

        _speculation = null;
        SpeculationsDiscarded++;
        speculation.Cancel.Cancel();
        // Nobody waits for a discarded decode: observe its end (cancelled or failed) and release its token then.
        _ = speculation.Decoded.ContinueWith(static (task, state) =>
        {
            _ = task.Exception;
            ((CancellationTokenSource)state!).Dispose();
        }, speculation.Cancel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _disposed = true;
        DiscardSpeculation();
    }

    private void DecodePhrase()
    {
        if (_length == 0)
        {
            return;
        }

        List<Segment> decoded;
        if (_speculation is { } speculation)
        {
            // Only silence was fed after the speculation point (speech would have discarded it): its decode is the phrase's.
            _speculation = null;
            using (speculation.Cancel)
            {
                decoded = speculation.Decoded.GetAwaiter().GetResult();
            }

            SpeculationsUsed++;
        }
        else
        {
            var audio = _phrase.AsMemory(0, _length);
            FiniteGuard.EnsureFinite(audio.Span);
            decoded = Decode(audio, PhraseOptions(), CancellationToken.None).GetAwaiter().GetResult();
        }

        var offset = AudioFormat.DurationOf(_phraseStart);
        foreach (var segment in decoded)
        {
            _segments.Add(segment.Shift(offset));
            string text = segment.Text.Trim();
            if (text.Length > 0)
            {
                _said.Append(_said.Length == 0 ? "" : " ").Append(text);
            }
        }

        PhrasesDecoded++;
        _phraseStart += _length;
        _length = 0;
    }

    /// <summary>The engine's options for the phrase in progress: the phrases before it are its prompt.</summary>
    private TranscriptionOptions PhraseOptions() => _said.Length == 0 ? _engine : _engine with { Prompt = Prompt() };

    /// <summary>One use of the model decoding <paramref name="audio"/>.</summary>
    private Task<List<Segment>> Decode(ReadOnlyMemory<float> audio, TranscriptionOptions options, CancellationToken cancellationToken) =>
        _access.RunAsync(options, async (processor, ct) =>
        {
            var segments = new List<Segment>();
            await foreach (var segment in processor.ProcessAsync(audio, ct).ConfigureAwait(false))
            {
                segments.Add(segment);
            }

            return segments;
        }, cancellationToken);

    /// <summary>The caller's own prompt, then the end of what the phrases before said.</summary>
    private string Prompt()
    {
        string said = _said.Length <= MaxPromptCharacters ? _said.ToString() : _said.ToString(_said.Length - MaxPromptCharacters, MaxPromptCharacters);
        return string.IsNullOrWhiteSpace(_engine.Prompt) ? said : _engine.Prompt.Trim() + " " + said;
    }

    private void CheckOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("The stream has already finished.");
        }
    }

    /// <summary>A decode of the phrase so far, started at a short pause, and what cancels it.</summary>
    private sealed record Speculation(Task<List<Segment>> Decoded, CancellationTokenSource Cancel);
}
