using System.Text;
using System.Text.RegularExpressions;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// Drops what speech engines (Whisper above all) invent on silence and noise, before any other clean-up step.
/// </summary>
/// <remarks>
/// The rules, each chosen so that real speech survives:
/// <list type="number">
/// <item>Non-speech annotations go wherever they are: anything in square brackets ("[Music]", "[BLANK_AUDIO]"), music
/// notes ("♪ la la ♪"), and parentheses or asterisks holding only non-speech words ("(upbeat music)", "*laughs*") —
/// parentheses with other words ("(which is true)") stay.</item>
/// <item>Decoding loops collapse to one occurrence: a phrase of 2+ words repeated 3+ times in a row inside one segment,
/// a single word repeated 5+ times ("no, no, no" is speech; the same word five times is a stuck decoder). A whole segment
/// repeated 3+ times in a row is kept once only inside one speech region: a sentence said again after a pause is the
/// speaker's, not a loop.</item>
/// <item>The classic inventions ("thank you", "thanks for watching", "subtitles by …", "you", "bye") are dropped only
/// when they are the <em>whole</em> utterance — after annotations are removed and loops collapsed, so "Thank you.
/// Thank you. Thank you." goes too — or when a segment holding only such a phrase lies where the VAD heard no speech
/// or the engine itself rated it probably not speech (no-speech probability above 0.5). "Yes, thank you for the
/// report" keeps its "thank you": the filter never removes a phrase from inside speech.</item>
/// </list>
/// The cost of rule 3: a dictation that is <em>only</em> "thank you" is dropped too — say it inside a sentence, or turn
/// <c>hallucination_filter</c> off. Near-silent input never reaches the engine at all (the VAD finds no speech), so it
/// gives empty text whatever the engine would have invented.
/// </remarks>
public sealed partial class HallucinationFilter : ITextProcessor
{
    /// <summary>A segment the engine rates above this as "no speech" is dropped when it holds only a known invention.</summary>
    public const float NoSpeechThreshold = 0.5f;

    /// <summary>Engine timestamps are approximate: a segment this close to heard speech (samples, 0.5 s) counts as inside it.</summary>
    private const long SpeechMarginSamples = 8_000;

    /// <summary>A credit line ("subtitles by …") longer than this many words is taken as speech.</summary>
    private const int MaxCreditWords = 12;

    public string Name => "hallucination_filter";

    /// <summary>Rules 1–3 on a whole utterance: annotations removed, loops collapsed, empty when it is only an invention.</summary>
    public string Process(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string cleaned = RepeatedPhraseCollapser.Collapse(RemoveAnnotations(text), out _);
        return IsInvention(cleaned) ? "" : cleaned;
    }

    /// <summary>
    /// The segments worth keeping, their text with annotations removed and loops collapsed (times unchanged): rule 1 and
    /// 2 per segment, segment-level loops, segments that hold only a known invention where <paramref name="speech"/> has
    /// no speech or the engine rated them as no speech, and everything when what is left is only an invention.
    /// </summary>
    /// <param name="segments">The engine's segments, times relative to the job's audio.</param>
    /// <param name="speech">Where the VAD heard speech (16 kHz sample ranges); null when unknown (VAD off).</param>
    public IReadOnlyList<Segment> FilterSegments(IReadOnlyList<Segment> segments, IReadOnlyList<SampleRange>? speech) =>
        FilterSegments(segments, speech, removed: null);

    /// <summary>As <see cref="FilterSegments(IReadOnlyList{Segment}, IReadOnlyList{SampleRange})"/>, adding what was removed, and why, to <paramref name="removed"/>.</summary>
    /// <param name="segments">The engine's segments, times relative to the job's audio.</param>
    /// <param name="speech">Where the VAD heard speech (16 kHz sample ranges); null when unknown (VAD off).</param>
    /// <param name="removed">Receives one entry per segment changed or dropped; null to not report.</param>
    public IReadOnlyList<Segment> FilterSegments(IReadOnlyList<Segment> segments, IReadOnlyList<SampleRange>? speech, ICollection<FilteredText>? removed)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var kept = new List<Segment>(segments.Count);
        foreach (var segment in segments)
        {
            string original = segment.Text.Trim();
            string withoutAnnotations = RemoveAnnotations(segment.Text);
            string text = RepeatedPhraseCollapser.Collapse(withoutAnnotations, out _).Trim();
            if (text.Length == 0 || (IsInvention(text) && (segment.NoSpeechProbability > NoSpeechThreshold || OutsideSpeech(segment, speech))))
            {
                removed?.Add(new FilteredText(segment.Start, segment.End, original, "", text.Length == 0 ? FilterReason(original, withoutAnnotations) : "invention"));
                continue;
            }

            if (text != original)
            {
                removed?.Add(new FilteredText(segment.Start, segment.End, original, text, FilterReason(original, withoutAnnotations)));
            }

            kept.Add(text == original ? segment : segment with { Text = text });
        }

        kept = CollapseRepeatedSegments(kept, speech, removed);
        if (kept.Count > 0 && IsInvention(string.Join(' ', kept.Select(s => s.Text))))
        {
            foreach (var segment in kept)
            {
                removed?.Add(new FilteredText(segment.Start, segment.End, segment.Text.Trim(), "", "invention"));
            }

            return [];
        }

        return kept;
    }

    private static string FilterReason(string original, string withoutAnnotations) =>
        withoutAnnotations.Trim() != original ? "annotation" : "loop";

    /// <summary>Lower case, letters/digits/apostrophes only, single spaces: the form phrases are compared in.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '’')
            {
                if (space && result.Length > 0)
                {
                    result.Append(' ');
                }

                result.Append(c == '’' ? '\'' : char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return result.ToString();
    }

    /// <summary>Whether <paramref name="text"/> is, as a whole, only something engines invent (or nothing at all).</summary>
    public static bool IsInvention(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string key = Normalize(RepeatedPhraseCollapser.Collapse(text, out _));
        if (key.Length == 0)
        {
            return true;
        }

        string[] words = key.Split(' ');
        if (HallucinationPhrases.CreditPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)) && words.Length <= MaxCreditWords)
        {
            return true;
        }

        // "Thank you." alone, but also "Thank you. Thank you." (two, below the loop rule) and "Thanks for watching. Bye.":
        // the utterance splits entirely into known inventions.
        return SplitsIntoInventions(words);
    }

    private static bool SplitsIntoInventions(string[] words)
    {
        // reachable[i]: words[..i] is a sequence of whole inventions.
        var reachable = new bool[words.Length + 1];
        reachable[0] = true;
        for (int end = 1; end <= words.Length; end++)
        {
            for (int start = end - 1; start >= 0 && !reachable[end]; start--)
            {
                reachable[end] = reachable[start] && HallucinationPhrases.WholeUtterances.Contains(string.Join(' ', words[start..end]));
            }
        }

        return reachable[words.Length];
    }

    /// <summary>Rule 1: bracketed non-speech, music notes, and parentheses/asterisks holding only non-speech words.</summary>
    internal static string RemoveAnnotations(string text)
    {
        if (text.AsSpan().IndexOfAny("[(*♪♫") < 0)
        {
            return text;
        }

        string result = SquareBrackets().Replace(text, " ");
        result = MusicNotes().Replace(result, " ");
        result = SoftAnnotations().Replace(result, m => IsNonSpeech(m.Groups["inner"].Value) ? " " : m.Value);
        return Spaces().Replace(result, " ").Trim();
    }

    private static bool IsNonSpeech(string inner)
    {
        string key = Normalize(inner);
        return key.Length > 0 && key.Split(' ').All(HallucinationPhrases.NonSpeechWords.Contains);
    }

    private static bool OutsideSpeech(Segment segment, IReadOnlyList<SampleRange>? speech)
    {
        if (speech is null)
        {
            return false;
        }

        long start = (long)(segment.Start.TotalSeconds * 16_000);
        long end = (long)(segment.End.TotalSeconds * 16_000);
        return !speech.Any(r => r.Start - SpeechMarginSamples < end && start < r.End + SpeechMarginSamples);
    }

    /// <summary>
    /// A whole segment repeated 3+ times in a row is a decoding loop only inside one speech region: the same sentence
    /// in separate regions (pauses between) is a speaker repeating it, and stays.
    /// </summary>
    private static List<Segment> CollapseRepeatedSegments(List<Segment> segments, IReadOnlyList<SampleRange>? speech, ICollection<FilteredText>? removed)
    {
        var result = new List<Segment>(segments.Count);
        int i = 0;
        while (i < segments.Count)
        {
            string key = Normalize(segments[i].Text);
            int region = RegionOf(segments[i], speech);
            int run = 1;
            while (i + run < segments.Count
                && string.Equals(Normalize(segments[i + run].Text), key, StringComparison.Ordinal)
                && RegionOf(segments[i + run], speech) == region)
            {
                run++;
            }

            if (run >= RepeatedPhraseCollapser.MinPhraseRepeats)
            {
                result.Add(segments[i]);
                foreach (var repeat in segments.GetRange(i + 1, run - 1))
                {
                    removed?.Add(new FilteredText(repeat.Start, repeat.End, repeat.Text.Trim(), "", "loop"));
                }
            }
            else
            {
                result.AddRange(segments.GetRange(i, run));
            }

            i += run;
        }

        return result;
    }

    /// <summary>The index of the speech region holding the segment's middle; 0 when the VAD was off; -1-index of the next region when between regions.</summary>
    private static int RegionOf(Segment segment, IReadOnlyList<SampleRange>? speech)
    {
        if (speech is null)
        {
            return 0;
        }

        long middle = (long)((segment.Start + segment.End).TotalSeconds / 2 * 16_000);
        for (int r = 0; r < speech.Count; r++)
        {
            if (middle < speech[r].Start)
            {
                return -1 - r;
            }

            if (middle < speech[r].End)
            {
                return r;
            }
        }

        return -1 - speech.Count;
    }

    [GeneratedRegex(@"\[[^\[\]]{0,80}\]", RegexOptions.CultureInvariant)]
    private static partial Regex SquareBrackets();

    [GeneratedRegex(@"[♪♫][^♪♫]{0,200}[♪♫]|[♪♫]", RegexOptions.CultureInvariant)]
    private static partial Regex MusicNotes();

    [GeneratedRegex(@"\((?<inner>[^()]{1,60})\)|\*(?<inner>[^*]{1,60})\*", RegexOptions.CultureInvariant)]
    private static partial Regex SoftAnnotations();

    [GeneratedRegex(@"\s{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
