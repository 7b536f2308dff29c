using System.Text;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Transcription;

/// <summary>
/// A stream for an engine that only decodes whole inputs (Whisper): it keeps the phrase in progress and decodes each
/// finished phrase (<see cref="EndPhrase"/>, at a pause, while the speaker goes on) as one input, with the text of the
/// phrases before it as its prompt, as condition_on_previous_text does between windows. <see cref="Finish"/> then
/// decodes only the last phrase. Each decode is one use of the model through <see cref="ModelAccess"/>, queued like a
/// job; the calls block the feeder's thread until it is done (the feeder is a background thread of its own).
/// </summary>
internal sealed class BatchPhraseStream : ISpeechStream
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

    public BatchPhraseStream(ModelAccess access, TranscriptionOptions engine)
    {
        _access = access;
        _engine = engine;
    }

    /// <summary>Phrases decoded so far (the last one, decoded by <see cref="Finish"/>, included).</summary>
    public int PhrasesDecoded { get; private set; }

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

    public void Dispose() => _disposed = true;

    private void DecodePhrase()
    {
        if (_length == 0)
        {
            return;
        }

        var audio = _phrase.AsMemory(0, _length);
        FiniteGuard.EnsureFinite(audio.Span);
        var options = _said.Length == 0 ? _engine : _engine with { Prompt = Prompt() };
        var decoded = _access.RunAsync(options, async (processor, ct) =>
        {
            var segments = new List<Segment>();
            await foreach (var segment in processor.ProcessAsync(audio, ct).ConfigureAwait(false))
            {
                segments.Add(segment);
            }

            return segments;
        }, CancellationToken.None).GetAwaiter().GetResult();

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
}
