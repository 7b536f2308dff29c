using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// Cuts a window's tokens into segments at timestamp tokens, as whisper.cpp's result loop does, and computes
/// how far the window advances.
/// </summary>
internal static class SegmentBuilder
{
    /// <summary>Appends the window's segments (times in centiseconds) to <paramref name="segments"/>.</summary>
    public static void Build(WhisperVocabulary vocabulary, IReadOnlyList<WhisperTokenData> tokens, int seek, int seekDelta,
        float noSpeechProbability, List<WhisperSegment> segments)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        var beg = vocabulary.TimestampBegin;

        // whisper.cpp derives the start from the first token's best timestamp even when timestamps are off
        // (then it reports seek - 2 * beg); without timestamp information the window start is the honest answer.
        var first = tokens[0].TimestampId;
        long t0 = first >= beg ? seek + 2L * (first - beg) : seek;
        var i0 = 0;
        var hasText = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var id = tokens[i].Id;
            if (id < vocabulary.Eot && vocabulary.TokenBytes(id).Length > 0)
            {
                hasText = true;
            }

            if (id > beg)
            {
                long t1 = seek + 2L * (tokens[i].TimestampId - beg);
                if (hasText)
                {
                    segments.Add(Make(vocabulary, tokens, i0, i + 1, t0, t1, noSpeechProbability));
                }

                hasText = false;

                // After consecutive timestamps the next segment starts at the last of them (whisper.cpp).
                t0 = t1;
                while (i + 1 < tokens.Count && tokens[i + 1].Id > beg)
                {
                    i++;
                    t0 = seek + 2L * (tokens[i].TimestampId - beg);
                }

                i0 = i + 1;
            }
        }

        if (hasText)
        {
            segments.Add(Make(vocabulary, tokens, i0, tokens.Count, t0, seek + (long)seekDelta, noSpeechProbability));
        }
    }

    /// <summary>
    /// The window advance: the last timestamp, or the whole remaining audio when the window ends with a single
    /// timestamp after text (whisper.cpp PR 2629: the model did not close the segment, so the rest is skipped) —
    /// unless the window was cut by <paramref name="maxTokens"/> (then its last timestamp is where the cut fell).
    /// </summary>
    public static int Advance(WhisperVocabulary vocabulary, IReadOnlyList<WhisperTokenData> tokens, int seek, int seekEnd, int seekDelta,
        int maxTokens = 0)
    {
        var beg = vocabulary.TimestampBegin;
        var maxTokensEnding = maxTokens > 0 && tokens.Count > maxTokens;
        var singleTimestampEnding = tokens.Count > 1 && !maxTokensEnding && tokens[^2].Id < beg && tokens[^1].Id > beg;
        return singleTimestampEnding ? Math.Min(seekEnd - seek, WindowDecoder.WindowFrames) : seekDelta;
    }

    private static WhisperSegment Make(WhisperVocabulary vocabulary, IReadOnlyList<WhisperTokenData> tokens, int from, int to,
        long t0, long t1, float noSpeechProbability)
    {
        var slice = new WhisperTokenData[to - from];
        var ids = new int[to - from];
        for (var k = from; k < to; k++)
        {
            slice[k - from] = tokens[k];
            ids[k - from] = tokens[k].Id;
        }

        return new WhisperSegment(t0, t1, TokenTextDecoder.DecodeText(vocabulary, ids), noSpeechProbability, slice);
    }
}
