namespace VoiceFlow.Core.Transcripts;

/// <summary>One subtitle cue: its time on screen (seconds, end after start) and its lines.</summary>
public sealed record SubtitleCue(double Start, double End, IReadOnlyList<string> Lines);

/// <summary>
/// Cuts a transcript into cues people can read: each segment's words (the cleaned text, so subtitles and the txt
/// output agree) are timed by the engine's word times when it gives one per word, else spread over the segment by
/// length; cues fill up to <see cref="SubtitleOptions.MaxLines"/> lines of <see cref="SubtitleOptions.MaxLineChars"/>
/// characters, <see cref="SubtitleOptions.MaxCueSeconds"/> and <see cref="SubtitleOptions.MaxWords"/> words (1: a cue
/// per word, word-level subtitles), never span two segments (speech regions, or Whisper's
/// own phrases), never overlap and never last zero time.
/// </summary>
public static class SubtitleCues
{
    /// <summary>A cue whose words take no time (an engine's zero-length segment) stays this long, unless the next cue starts sooner.</summary>
    private const double MinimumSeconds = 0.5;

    /// <summary>Shortest cue at all (1 ms, the precision of SRT and WebVTT times).</summary>
    private const double Tick = 0.001;

    /// <summary>The cues of <paramref name="segments"/> in time order.</summary>
    public static IReadOnlyList<SubtitleCue> Build(IReadOnlyList<TranscriptSegment> segments, SubtitleOptions options)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(options);
        var cues = new List<SubtitleCue>();
        foreach (var segment in segments)
        {
            var words = TimedWords(segment);
            int first = 0;
            while (first < words.Count)
            {
                int count = WordsInCue(words, first, options);
                var taken = words.GetRange(first, count);
                cues.Add(new SubtitleCue(taken[0].Start, taken[^1].End, Wrap(taken.Select(w => w.Text), options.MaxLineChars)));
                first += count;
            }
        }

        return Separate(cues);
    }

    private readonly record struct TimedWord(string Text, double Start, double End);

    /// <summary>The segment's words with times: the engine's when it timed each of these words, else shares of the segment by length.</summary>
    private static List<TimedWord> TimedWords(TranscriptSegment segment)
    {
        string[] words = SubtitleTime.CueText(segment.Text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var timed = new List<TimedWord>(words.Length);
        if (segment.Words is { } engineWords && engineWords.Count == words.Length)
        {
            for (int i = 0; i < words.Length; i++)
            {
                timed.Add(new TimedWord(words[i], engineWords[i].Start, Math.Max(engineWords[i].Start, engineWords[i].End)));
            }

            return timed;
        }

        double total = words.Sum(w => w.Length + 1.0);
        double span = Math.Max(0, segment.End - segment.Start);
        double position = 0;
        foreach (string word in words)
        {
            double start = segment.Start + (span * position / total);
            position += word.Length + 1.0;
            timed.Add(new TimedWord(word, start, segment.Start + (span * position / total)));
        }

        return timed;
    }

    /// <summary>How many words from <paramref name="first"/> fit one cue (at least one).</summary>
    private static int WordsInCue(List<TimedWord> words, int first, SubtitleOptions options)
    {
        int count = 1;
        while (first + count < words.Count && (options.MaxWords == 0 || count < options.MaxWords))
        {
            var next = words[first + count];
            bool tooLong = next.End - words[first].Start > options.MaxCueSeconds;
            bool tooWide = Wrap(words.Skip(first).Take(count + 1).Select(w => w.Text), options.MaxLineChars).Count > options.MaxLines;
            if (tooLong || tooWide)
            {
                break;
            }

            count++;
            // A sentence that ends near the cue's limit ends the cue: the next sentence starts a fresh one.
            if (EndsSentence(next.Text) && first + count < words.Count && NearlyFull(words, first, count, options))
            {
                break;
            }
        }

        return count;
    }

    private static bool EndsSentence(string word) => word.Length > 0 && word[^1] is '.' or '!' or '?';

    private static bool NearlyFull(List<TimedWord> words, int first, int count, SubtitleOptions options) =>
        words.Skip(first).Take(count).Sum(w => w.Text.Length + 1) >= options.MaxLineChars * options.MaxLines / 2;

    /// <summary>Words on lines of at most <paramref name="maxChars"/> characters (a longer word alone on its line).</summary>
    internal static List<string> Wrap(IEnumerable<string> words, int maxChars)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in words)
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>Cues in order with positive lengths that do not overlap: a zero-length cue gets up to half a second, bounded by the next cue.</summary>
    private static List<SubtitleCue> Separate(List<SubtitleCue> cues)
    {
        var result = new List<SubtitleCue>(cues.Count);
        for (int i = 0; i < cues.Count; i++)
        {
            var cue = cues[i];
            double start = Math.Round(Math.Max(cue.Start, result.Count > 0 ? result[^1].End : 0), 3);
            double? nextStart = i + 1 < cues.Count ? Math.Round(cues[i + 1].Start, 3) : null;
            double end = Math.Round(cue.End, 3);
            if (end - start < Tick)
            {
                end = start + MinimumSeconds;
            }

            if (nextStart is { } next && end > next && next - start >= Tick)
            {
                end = next;
            }

            result.Add(cue with { Start = start, End = Math.Round(Math.Max(end, start + Tick), 3) });
        }

        return result;
    }
}
