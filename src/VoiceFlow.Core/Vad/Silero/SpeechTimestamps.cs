namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// silero-vad's get_speech_timestamps on a recording's chunk probabilities: hysteresis between the threshold and the
/// negative threshold, pauses shorter than the minimum silence bridged, regions shorter than the minimum speech dropped,
/// overlong regions split at their longest pause, then every region padded (closer neighbours share the gap).
/// </summary>
public static class SpeechTimestamps
{
    /// <summary>The speech regions, in samples.</summary>
    /// <param name="probabilities">One speech probability per 512-sample chunk, in order.</param>
    /// <param name="totalSamples">The recording's length (the last chunk may have been padded).</param>
    /// <param name="options">Thresholds and durations.</param>
    public static IReadOnlyList<SampleRange> Find(ReadOnlySpan<float> probabilities, long totalSamples, SileroVadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        const int Window = SileroModel.ChunkSamples;
        const double Rate = 16_000;
        double minSpeech = Rate * options.MinSpeech.TotalSeconds;
        double pad = Rate * options.SpeechPad.TotalSeconds;
        double maxSpeech = options.MaxSpeech is { } max ? Rate * max.TotalSeconds - Window - 2 * pad : double.PositiveInfinity;
        double minSilence = Rate * options.MinSilence.TotalSeconds;
        double minSilenceAtMax = Rate * options.MinSilenceAtMaxSpeech.TotalSeconds;
        float threshold = options.Threshold;
        float negative = options.EffectiveNegativeThreshold;

        var speeches = new List<(long Start, long End)>();
        var possibleEnds = new List<(long End, long Silence)>();
        bool triggered = false;
        long start = 0, tempEnd = 0, previousEnd = 0, nextStart = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            float probability = probabilities[i];
            long position = (long)Window * i;
            if (probability >= threshold && tempEnd != 0)
            {
                long silence = position - tempEnd;
                if (silence > minSilenceAtMax)
                {
                    possibleEnds.Add((tempEnd, silence));
                }

                tempEnd = 0;
                if (nextStart < previousEnd)
                {
                    nextStart = position;
                }
            }

            if (probability >= threshold && !triggered)
            {
                triggered = true;
                start = position;
                continue;
            }

            if (triggered && position - start > maxSpeech)
            {
                if (possibleEnds.Count > 0)
                {
                    // Split at the longest pause heard in this region; speech resumed after it.
                    var best = possibleEnds[0];
                    foreach (var candidate in possibleEnds)
                    {
                        if (candidate.Silence > best.Silence)
                        {
                            best = candidate;
                        }
                    }

                    speeches.Add((start, best.End));
                    start = best.End + best.Silence;
                    triggered = start <= position;
                }
                else
                {
                    // No pause to split at: cut here.
                    speeches.Add((start, position));
                    triggered = false;
                }

                previousEnd = nextStart = tempEnd = 0;
                possibleEnds.Clear();
                if (!triggered)
                {
                    continue;
                }
            }

            if (probability < negative && triggered)
            {
                if (tempEnd == 0)
                {
                    tempEnd = position;
                }

                if (position - tempEnd < minSilence)
                {
                    continue;
                }

                if (tempEnd - start > minSpeech)
                {
                    speeches.Add((start, tempEnd));
                }

                previousEnd = nextStart = tempEnd = 0;
                triggered = false;
                possibleEnds.Clear();
            }
        }

        if (triggered && totalSamples - start > minSpeech)
        {
            speeches.Add((start, totalSamples));
        }

        return Pad(speeches, (long)pad, totalSamples);
    }

    private static SampleRange[] Pad(List<(long Start, long End)> speeches, long pad, long totalSamples)
    {
        var padded = new SampleRange[speeches.Count];
        for (int i = 0; i < speeches.Count; i++)
        {
            var (start, end) = speeches[i];
            if (i == 0)
            {
                start = Math.Max(0, start - pad);
            }

            if (i + 1 < speeches.Count)
            {
                long silence = speeches[i + 1].Start - end;
                if (silence < 2 * pad)
                {
                    end += silence / 2;
                    speeches[i + 1] = (Math.Max(0, speeches[i + 1].Start - silence / 2), speeches[i + 1].End);
                }
                else
                {
                    end = Math.Min(totalSamples, end + pad);
                    speeches[i + 1] = (Math.Max(0, speeches[i + 1].Start - pad), speeches[i + 1].End);
                }
            }
            else
            {
                end = Math.Min(totalSamples, end + pad);
            }

            padded[i] = new SampleRange(start, end);
        }

        return padded;
    }
}
