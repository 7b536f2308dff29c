using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Engine;

/// <summary>
/// Runs Whisper jobs one at a time, streaming segments as each 30 s window is decoded. The decoding runs on a
/// worker thread; stopping the enumeration or cancelling stops it between decoder steps.
/// </summary>
public sealed class WhisperSpeechProcessor : ISpeechProcessor
{
    private readonly WhisperEngineFactory _factory;
    private readonly WhisperTranscriber _transcriber;
    private readonly WhisperDecodingOptions _decoding;
    private int _running;
    private Task _currentJob = Task.CompletedTask;
    private CancellationTokenSource? _currentCancel;

    internal WhisperSpeechProcessor(WhisperEngineFactory factory, TranscriptionOptions options, WhisperDecodingOptions decoding)
    {
        _factory = factory;
        Options = options;
        _decoding = decoding;
        _transcriber = new WhisperTranscriber(factory.Model, factory.Vocabulary);
    }

    public TranscriptionOptions Options { get; }

    /// <summary>The Whisper parameters the options mapped to.</summary>
    public WhisperDecodingOptions DecodingOptions => _decoding;

    public async IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new EngineBusyException("This Whisper processor is already running a job; create one processor per concurrent job.");
        }

        try
        {
            _factory.BeginJob();
        }
        catch
        {
            Volatile.Write(ref _running, 0);
            throw;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _currentCancel = cancel;
        var channel = Channel.CreateUnbounded<Segment>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var audioEnd = TimeSpan.FromSeconds(samples16k.Length / 16000.0);
        var job = Task.Run(() =>
        {
            try
            {
                _transcriber.Transcribe(samples16k.Span, _decoding,
                    segment => channel.Writer.TryWrite(ToSegment(segment, _transcriber.Vocabulary, audioEnd)), cancel.Token);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
                throw;
            }
        }, CancellationToken.None);
        _currentJob = job;

        try
        {
            await foreach (var segment in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return segment;
            }

            await job.ConfigureAwait(false);
        }
        finally
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            await job.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            _currentCancel = null;
            _factory.EndJob();
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Cancels a running job and waits until it has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        var cancel = _currentCancel;
        if (cancel is not null)
        {
            try
            {
                await cancel.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The job finished meanwhile.
            }
        }

        await _currentJob.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Converts a whisper.cpp-style segment: times clamped to the audio, per-token text decoded as a UTF-8 stream,
    /// words assembled from tokens when token timestamps are on. Without token timestamps tokens span their segment.
    /// </summary>
    internal static Segment ToSegment(WhisperSegment segment, WhisperVocabulary vocabulary, TimeSpan audioEnd)
    {
        var start = Clamp(segment.T0, TimeSpan.Zero, audioEnd);
        var end = Clamp(segment.T1, start, audioEnd);
        var decoder = new TokenTextDecoder(vocabulary);
        var tokens = new List<SegmentToken>(segment.Tokens.Count);
        var words = new List<WordTiming>();
        var word = new System.Text.StringBuilder();
        TimeSpan wordStart = start, wordEnd = start;
        float wordP = 0;
        var wordTokens = 0;
        var hasTimes = segment.Tokens.Count > 0 && segment.Tokens[0].T0 >= 0;
        var textP = 0.0;
        var textCount = 0;

        void FlushWord()
        {
            var text = word.ToString().Trim();
            if (text.Length > 0)
            {
                words.Add(new WordTiming(text, wordStart, wordEnd, wordP / wordTokens));
            }

            word.Clear();
            wordP = 0;
            wordTokens = 0;
        }

        foreach (var t in segment.Tokens)
        {
            var t0 = t.T0 >= 0 ? Clamp(t.T0, start, end) : start;
            var t1 = t.T1 >= 0 ? Clamp(t.T1, t0, end) : end;
            var isText = vocabulary.IsText(t.Id);
            var text = isText ? decoder.Append(t.Id) : vocabulary.TokenName(t.Id);
            // exp(log-softmax) can round a hair above 1.
            var p = Math.Clamp(t.Probability, 0f, 1f);
            tokens.Add(new SegmentToken(t.Id, text, p, t0, t1));
            if (!isText)
            {
                continue;
            }

            textP += p;
            textCount++;
            if (hasTimes)
            {
                if (text.StartsWith(' ') && wordTokens > 0)
                {
                    FlushWord();
                }

                if (wordTokens == 0)
                {
                    wordStart = t0;
                }

                word.Append(text);
                wordEnd = t1;
                wordP += p;
                wordTokens++;
            }
        }

        if (hasTimes && wordTokens > 0)
        {
            FlushWord();
        }

        if (segment.Words is { } aligned)
        {
            // Cross-attention DTW words replace the token-time grouping.
            words.Clear();
            foreach (var w in aligned)
            {
                var w0 = Clamp(w.T0, start, end);
                words.Add(new WordTiming(w.Text.Trim(), w0, Clamp(w.T1, w0, end), Math.Clamp(w.Probability, 0f, 1f)));
            }
        }

        var confidence = textCount == 0 ? float.NaN : (float)(textP / textCount);
        return new Segment(segment.Text, start, end, confidence, tokens, words)
        {
            NoSpeechProbability = segment.NoSpeechProbability,
            Language = segment.Language,
            LanguageProbability = segment.LanguageProbability,
        };
    }

    private static TimeSpan Clamp(long centiseconds, TimeSpan min, TimeSpan max)
    {
        var t = TimeSpan.FromMilliseconds(centiseconds * 10.0);
        return t < min ? min : t > max ? (max < min ? min : max) : t;
    }
}
