using System.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// whisper.cpp's experimental token-level timestamps (<c>whisper_exp_compute_token_level_timestamps</c>): tokens
/// whose best timestamp is confident get that time, the rest share their interval in proportion to an estimated
/// pronunciation length, and every token is then stretched or shrunk to the signal energy around it.
/// </summary>
internal sealed class TokenTimestamper
{
    private const int SampleRate = 16000;
    private readonly WhisperVocabulary _vocabulary;
    private readonly float _thresholdPt;
    private readonly float _thresholdPtSum;
    private readonly float[] _energy;
    private long _tBeg;
    private long _tLast;
    private int _tidLast;

    public TokenTimestamper(WhisperVocabulary vocabulary, ReadOnlySpan<float> samples, float thresholdPt, float thresholdPtSum)
    {
        _vocabulary = vocabulary;
        _thresholdPt = thresholdPt;
        _thresholdPtSum = thresholdPtSum;
        _energy = SignalEnergy(samples, 32);
    }

    /// <summary>
    /// Starts a window. whisper.cpp keeps its time base at 0 for the whole audio, which misplaces tokens after
    /// the first window; timestamp tokens are relative to the window, so the base here is the window start.
    /// </summary>
    public void BeginWindow(int seek)
    {
        _tBeg = seek;
        _tidLast = 0;
    }

    /// <summary>Returns <paramref name="segment"/> with T0/T1 set on every token.</summary>
    public WhisperSegment Apply(WhisperSegment segment)
    {
        var n = segment.Tokens.Count;
        if (n == 0 || _energy.Length == 0)
        {
            return segment;
        }

        var t0s = new long[n];
        var t1s = new long[n];
        Array.Fill(t0s, -1);
        Array.Fill(t1s, -1);
        var segT0 = segment.T0;
        var segT1 = segment.T1;
        if (n == 1)
        {
            t0s[0] = segT0;
            t1s[0] = segT1;
            return With(segment, t0s, t1s);
        }

        var tokens = segment.Tokens;
        var beg = _vocabulary.TimestampBegin;
        var vlen = new double[n];
        for (var j = 0; j < n; j++)
        {
            var token = tokens[j];
            if (j == 0)
            {
                if (token.Id == beg)
                {
                    t0s[0] = segT0;
                    t1s[0] = segT0;
                    t0s[1] = segT0;
                    _tBeg = segT0;
                    _tLast = segT0;
                    _tidLast = beg;
                }
                else
                {
                    t0s[0] = _tLast;
                }
            }

            var tt = _tBeg + 2L * (token.TimestampId - beg);
            vlen[j] = token.Id < _vocabulary.Eot
                ? VoiceLength.Of(_vocabulary.TokenBytes(token.Id))
                : VoiceLength.Of(Encoding.UTF8.GetBytes(_vocabulary.TokenName(token.Id)));
            if (token.TimestampProbability > _thresholdPt && token.TimestampProbabilitySum > _thresholdPtSum
                && token.TimestampId > _tidLast && tt <= segT1)
            {
                if (j > 0)
                {
                    t1s[j - 1] = tt;
                }

                t0s[j] = tt;
                _tidLast = token.TimestampId;
            }
        }

        t1s[n - 2] = segT1;
        t0s[n - 1] = segT1;
        t1s[n - 1] = segT1;
        _tLast = segT1;

        SplitUnknownIntervals(t0s, t1s, vlen);
        FixUp(t0s, t1s);
        FitToEnergy(tokens, t0s, t1s);
        return With(segment, t0s, t1s);
    }

    /// <summary>Mean absolute amplitude over a window of 2·<paramref name="halfWindow"/>+1 samples around each sample.</summary>
    internal static float[] SignalEnergy(ReadOnlySpan<float> samples, int halfWindow)
    {
        var n = samples.Length;
        var result = new float[n];
        if (n == 0)
        {
            return result;
        }

        // Running sum over the window (whisper.cpp sums it anew per sample; the result differs only by rounding).
        double sum = 0;
        for (var k = 0; k <= Math.Min(halfWindow, n - 1); k++)
        {
            sum += Math.Abs(samples[k]);
        }

        var width = 2 * halfWindow + 1;
        for (var i = 0; i < n; i++)
        {
            result[i] = (float)(sum / width);
            var enter = i + halfWindow + 1;
            var leave = i - halfWindow;
            if (enter < n)
            {
                sum += Math.Abs(samples[enter]);
            }

            if (leave >= 0)
            {
                sum -= Math.Abs(samples[leave]);
            }
        }

        return result;
    }

    private static void SplitUnknownIntervals(long[] t0s, long[] t1s, double[] vlen)
    {
        var n = t0s.Length;
        var p0 = 0;
        var p1 = 0;
        while (true)
        {
            while (p1 < n && t1s[p1] < 0)
            {
                p1++;
            }

            if (p1 >= n)
            {
                p1--;
            }

            if (p1 > p0)
            {
                var psum = 0.0;
                for (var j = p0; j <= p1; j++)
                {
                    psum += vlen[j];
                }

                double dt = t1s[p1] - t0s[p0];
                for (var j = p0 + 1; j <= p1; j++)
                {
                    var ct = (long)(t0s[j - 1] + dt * vlen[j - 1] / psum);
                    t1s[j - 1] = ct;
                    t0s[j] = ct;
                }
            }

            p1++;
            p0 = p1;
            if (p1 >= n)
            {
                break;
            }
        }
    }

    private static void FixUp(long[] t0s, long[] t1s)
    {
        for (var j = 0; j < t0s.Length - 1; j++)
        {
            if (t1s[j] < 0)
            {
                t0s[j + 1] = t1s[j];
            }

            if (j > 0 && t1s[j - 1] > t0s[j])
            {
                t0s[j] = t1s[j - 1];
                t1s[j] = Math.Max(t0s[j], t1s[j]);
            }
        }
    }

    private void FitToEnergy(IReadOnlyList<WhisperTokenData> tokens, long[] t0s, long[] t1s)
    {
        const int hw = SampleRate / 8;
        var n = tokens.Count;
        var ns = _energy.Length;
        for (var j = 0; j < n; j++)
        {
            if (tokens[j].Id >= _vocabulary.Eot)
            {
                continue;
            }

            var s0 = ToSample(t0s[j], ns);
            var s1 = ToSample(t1s[j], ns);
            var ss0 = Math.Max(s0 - hw, 0);
            var ss1 = Math.Min(s1 + hw, ns);
            var sum = 0.0f;
            for (var k = ss0; k < ss1; k++)
            {
                sum += _energy[k];
            }

            var threshold = 0.5f * sum / Math.Max(1, ss1 - ss0);

            var k0 = s0;
            if (_energy[k0] > threshold && j > 0)
            {
                while (k0 > 0 && _energy[k0] > threshold)
                {
                    k0--;
                }

                t0s[j] = ToTimestamp(k0);
                if (t0s[j] < t1s[j - 1])
                {
                    t0s[j] = t1s[j - 1];
                }
                else
                {
                    s0 = k0;
                }
            }
            else
            {
                while (_energy[k0] < threshold && k0 < s1)
                {
                    k0++;
                }

                s0 = k0;
                t0s[j] = ToTimestamp(k0);
            }

            var k1 = s1;
            if (_energy[k1] > threshold)
            {
                while (k1 < ns - 1 && _energy[k1] > threshold)
                {
                    k1++;
                }

                t1s[j] = ToTimestamp(k1);
                if (j < n - 1 && t1s[j] > t0s[j + 1])
                {
                    t1s[j] = t0s[j + 1];
                }
            }
            else
            {
                while (_energy[k1] < threshold && k1 > s0)
                {
                    k1--;
                }

                t1s[j] = ToTimestamp(k1);
            }
        }
    }

    private static int ToSample(long t, int n) => (int)Math.Clamp(t * SampleRate / 100, 0, n - 1);

    private static long ToTimestamp(int sample) => 100L * sample / SampleRate;

    private static WhisperSegment With(WhisperSegment segment, long[] t0s, long[] t1s)
    {
        var tokens = new WhisperTokenData[t0s.Length];
        for (var j = 0; j < tokens.Length; j++)
        {
            tokens[j] = segment.Tokens[j] with { T0 = t0s[j], T1 = t1s[j] };
        }

        return segment with { Tokens = tokens };
    }
}
