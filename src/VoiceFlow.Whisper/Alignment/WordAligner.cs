using System.Text;
using System.Text.Unicode;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Alignment;

/// <summary>One word with its times (centiseconds from the audio start) and the mean probability of its tokens.</summary>
public sealed record WhisperWord(string Text, long T0, long T1, float Probability);

/// <summary>
/// Word timestamps by cross-attention dynamic time warping, as OpenAI's <c>word_timestamps=True</c> (whisper/timing.py):
/// one extra decoder pass over a window's text with the alignment heads' attention captured, the warping path of
/// <see cref="CrossAttentionDtw"/>, tokens grouped into words (at spaces, or at every whole character for languages
/// written without spaces), punctuation merged into its word, long words at sentence ends cut to twice the median
/// word length. Word times are then kept inside their segment and never go back in time.
/// </summary>
internal sealed class WordAligner
{
    private const string PrependPunctuation = "\"'“¿([{-";
    private const string AppendPunctuation = "\"'.。,，!！?？:：”)]}、";
    private const string SentenceEnds = ".。!！?？";
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private readonly IWhisperModel _model;
    private readonly WhisperVocabulary _vocabulary;
    private readonly IReadOnlyList<AlignmentHead> _heads;

    public WordAligner(IWhisperModel model, WhisperVocabulary vocabulary, IReadOnlyList<AlignmentHead> heads)
    {
        _model = model;
        _vocabulary = vocabulary;
        _heads = heads;
    }

    /// <summary>Adds words to one window's segments.</summary>
    /// <param name="encoded">The window's encoder output.</param>
    /// <param name="sotSequence">&lt;|startoftranscript|&gt;, and the language and task tokens of multilingual models.</param>
    /// <param name="language">The language decoded (languages without spaces are split per character).</param>
    /// <param name="seek">Window start, in 10 ms frames.</param>
    /// <param name="frames">10 ms frames of audio in the window (the rest is padding).</param>
    /// <param name="segments">All segments so far; the window's are replaced by copies with words.</param>
    /// <param name="first">Index of the window's first segment.</param>
    /// <param name="threads">Threads for the decoder pass.</param>
    public void Align(WhisperEncoderOutput encoded, IReadOnlyList<int> sotSequence, string language, int seek, int frames,
        List<WhisperSegment> segments, int first, int threads)
    {
        var text = new List<WhisperTokenData>();
        var segmentStarts = new HashSet<int>();
        for (var k = first; k < segments.Count; k++)
        {
            segmentStarts.Add(text.Count);
            text.AddRange(segments[k].Tokens.Where(t => _vocabulary.IsText(t.Id)));
        }

        if (text.Count == 0)
        {
            return;
        }

        int[] tokens = [.. sotSequence, _vocabulary.NoTimestamps, .. text.Select(t => t.Id), _vocabulary.Eot];
        var scores = _model.CrossAttentionScores(encoded, tokens, _heads, threads);
        var context = _model.HyperParameters.NAudioCtx;

        // Rows: <|notimestamps|> then every text token (OpenAI's matrix[len(sot_sequence):-1]); one audio position = 20 ms.
        var starts = CrossAttentionDtw.RowStarts(scores, _heads.Count, tokens.Length, context, frames / 2, sotSequence.Count, 1 + text.Count);
        var words = SplitToWords(text, language, segmentStarts);
        var timings = new List<Timing>(words.Count);
        var boundary = 0;
        foreach (var word in words)
        {
            var end = boundary + word.Tokens.Count;
            timings.Add(new Timing(word.Text, word.Tokens, 2L * starts[boundary], 2L * starts[end]));
            boundary = end;
        }

        TruncateLongWordsAtSentenceEnds(timings);
        MergePunctuation(timings);
        Assign(timings, seek, segments, first);
    }

    /// <summary>
    /// OpenAI's <c>split_to_word_tokens</c> over text tokens (the closing end-of-text word is left out), except that a
    /// word never spans two segments: a token in <paramref name="segmentStarts"/> starts a new word.
    /// </summary>
    internal List<(string Text, List<WhisperTokenData> Tokens)> SplitToWords(IReadOnlyList<WhisperTokenData> tokens, string language,
        IReadOnlySet<int>? segmentStarts = null)
    {
        var pieces = SplitOnCharacters(tokens, segmentStarts ?? new HashSet<int>());
        if (language is "zh" or "ja" or "th" or "lo" or "my" or "yue")
        {
            return pieces;
        }

        var words = new List<(string Text, List<WhisperTokenData> Tokens)>();
        var position = 0;
        foreach (var (piece, pieceTokens) in pieces)
        {
            var punctuation = AsciiPunctuation.Contains(piece.Trim(), StringComparison.Ordinal);
            var segmentStart = segmentStarts is not null && segmentStarts.Contains(position);
            position += pieceTokens.Count;
            if (piece.StartsWith(' ') || punctuation || words.Count == 0 || segmentStart)
            {
                words.Add((piece, pieceTokens));
            }
            else
            {
                words[^1] = (words[^1].Text + piece, [.. words[^1].Tokens, .. pieceTokens]);
            }
        }

        return words;
    }

    /// <summary>Groups tokens so every group decodes to whole UTF-8 characters (and none spans two segments).</summary>
    private List<(string Text, List<WhisperTokenData> Tokens)> SplitOnCharacters(IReadOnlyList<WhisperTokenData> tokens, IReadOnlySet<int> segmentStarts)
    {
        var pieces = new List<(string Text, List<WhisperTokenData> Tokens)>();
        var bytes = new List<byte>();
        var current = new List<WhisperTokenData>();
        for (var i = 0; i < tokens.Count; i++)
        {
            current.Add(tokens[i]);
            bytes.AddRange(_vocabulary.TokenBytes(tokens[i].Id).ToArray());
            if (Utf8.IsValid([.. bytes]) || i == tokens.Count - 1 || segmentStarts.Contains(i + 1))
            {
                pieces.Add((Encoding.UTF8.GetString([.. bytes]), current));
                current = [];
                bytes.Clear();
            }
        }

        return pieces;
    }

    /// <summary>OpenAI's hack: a sentence-end mark (or the word after one) lasts at most twice the median word length.</summary>
    private static void TruncateLongWordsAtSentenceEnds(List<Timing> timings)
    {
        var durations = timings.Select(t => t.T1 - t.T0).Where(d => d != 0).Order().ToList();
        if (durations.Count == 0)
        {
            return;
        }

        var median = durations.Count % 2 == 1
            ? durations[durations.Count / 2]
            : (durations[(durations.Count / 2) - 1] + durations[durations.Count / 2]) / 2.0;
        var max = (long)(2 * Math.Min(70, median));
        for (var i = 1; i < timings.Count; i++)
        {
            if (timings[i].T1 - timings[i].T0 > max)
            {
                if (SentenceEnds.Contains(timings[i].Word, StringComparison.Ordinal) && timings[i].Word.Length > 0)
                {
                    timings[i].T1 = timings[i].T0 + max;
                }
                else if (SentenceEnds.Contains(timings[i - 1].Word, StringComparison.Ordinal) && timings[i - 1].Word.Length > 0)
                {
                    timings[i].T0 = timings[i].T1 - max;
                }
            }
        }
    }

    /// <summary>OpenAI's <c>merge_punctuations</c>: opening marks join the next word, closing marks the previous one.</summary>
    internal static void MergePunctuation(List<Timing> alignment)
    {
        var i = alignment.Count - 2;
        var j = alignment.Count - 1;
        while (i >= 0)
        {
            var previous = alignment[i];
            var following = alignment[j];
            if (previous.Word.StartsWith(' ') && PrependPunctuation.Contains(previous.Word.Trim(), StringComparison.Ordinal))
            {
                following.Word = previous.Word + following.Word;
                following.Tokens = [.. previous.Tokens, .. following.Tokens];
                previous.Word = string.Empty;
                previous.Tokens = [];
            }
            else
            {
                j = i;
            }

            i--;
        }

        i = 0;
        j = 1;
        while (j < alignment.Count)
        {
            var previous = alignment[i];
            var following = alignment[j];
            if (!previous.Word.EndsWith(' ') && AppendPunctuation.Contains(following.Word, StringComparison.Ordinal))
            {
                previous.Word += following.Word;
                previous.Tokens = [.. previous.Tokens, .. following.Tokens];
                following.Word = string.Empty;
                following.Tokens = [];
            }
            else
            {
                i = j;
            }

            j++;
        }
    }

    /// <summary>Hands the words to their segments by token count; times stay inside the segment and never decrease.</summary>
    private void Assign(List<Timing> alignment, int seek, List<WhisperSegment> segments, int first)
    {
        var index = 0;
        long last = 0;
        for (var k = first; k < segments.Count; k++)
        {
            var segment = segments[k];
            var count = segment.Tokens.Count(t => _vocabulary.IsText(t.Id));
            var saved = 0;
            var words = new List<WhisperWord>();
            last = Math.Max(last, segment.T0);
            while (index < alignment.Count && saved < count)
            {
                var timing = alignment[index];
                if (timing.Word.Length > 0)
                {
                    var t0 = Math.Clamp(seek + timing.T0, last, Math.Max(segment.T0, segment.T1));
                    var t1 = Math.Clamp(seek + timing.T1, t0, Math.Max(segment.T0, segment.T1));
                    var probability = timing.Tokens.Count == 0 ? 0f : (float)timing.Tokens.Average(t => t.Probability);
                    words.Add(new WhisperWord(timing.Word, t0, t1, probability));
                    last = t1;
                }

                saved += timing.Tokens.Count;
                index++;
            }

            segments[k] = segment with { Words = words };
        }
    }

    /// <summary>A word in the making (OpenAI's mutable <c>WordTiming</c>); times in centiseconds from the window start.</summary>
    internal sealed class Timing(string word, List<WhisperTokenData> tokens, long t0, long t1)
    {
        public string Word { get; set; } = word;

        public List<WhisperTokenData> Tokens { get; set; } = tokens;

        public long T0 { get; set; } = t0;

        public long T1 { get; set; } = t1;
    }
}
