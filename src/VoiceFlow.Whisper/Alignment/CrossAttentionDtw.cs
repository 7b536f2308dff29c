namespace VoiceFlow.Whisper.Alignment;

/// <summary>
/// OpenAI's <c>find_alignment</c> math (whisper/timing.py): the alignment heads' cross-attention, softmaxed over the
/// window's audio frames, standardised per frame across tokens, median-filtered along time, averaged over heads; then
/// dynamic time warping finds the cheapest monotonic path through the negated matrix, and each token row starts where
/// the path first enters it.
/// </summary>
internal static class CrossAttentionDtw
{
    /// <summary>Median filter width along time (OpenAI: 7).</summary>
    public const int MedianWidth = 7;

    /// <summary>
    /// The audio frame (20 ms each) where each of the rows <c>[firstRow, firstRow + rows)</c> starts on the path.
    /// </summary>
    /// <param name="scores">Cross-attention scores <c>[heads][tokens][context]</c> (before softmax).</param>
    /// <param name="heads">Heads in <paramref name="scores"/>.</param>
    /// <param name="tokens">Tokens (rows) per head.</param>
    /// <param name="context">Audio positions per row (1500).</param>
    /// <param name="frames">Audio positions that hold this window's audio (the rest is padding).</param>
    /// <param name="firstRow">First row aligned (after the start-of-transcript tokens).</param>
    /// <param name="rows">Rows aligned.</param>
    public static int[] RowStarts(ReadOnlySpan<float> scores, int heads, int tokens, int context, int frames, int firstRow, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, heads * tokens * context);
        var m = Math.Clamp(frames, 1, context);
        var matrix = new double[rows * m];
        var weights = new float[tokens * m];
        var column = new float[tokens];
        var filtered = new float[m];
        var padded = new float[m + MedianWidth];
        for (var h = 0; h < heads; h++)
        {
            // Softmax over this window's frames.
            for (var t = 0; t < tokens; t++)
            {
                var row = weights.AsSpan(t * m, m);
                scores.Slice(((h * tokens) + t) * context, m).CopyTo(row);
                Softmax(row);
            }

            // Standardise each frame across tokens (population deviation).
            for (var f = 0; f < m; f++)
            {
                for (var t = 0; t < tokens; t++)
                {
                    column[t] = weights[(t * m) + f];
                }

                var mean = 0.0;
                foreach (var v in column)
                {
                    mean += v;
                }

                mean /= tokens;
                var variance = 0.0;
                foreach (var v in column)
                {
                    variance += (v - mean) * (v - mean);
                }

                var std = Math.Sqrt(variance / tokens);
                for (var t = 0; t < tokens; t++)
                {
                    weights[(t * m) + f] = std > 0 ? (float)((column[t] - mean) / std) : 0f;
                }
            }

            for (var r = 0; r < rows; r++)
            {
                MedianFilter(weights.AsSpan((firstRow + r) * m, m), MedianWidth, filtered, padded);
                for (var f = 0; f < m; f++)
                {
                    matrix[(r * m) + f] += filtered[f] / heads;
                }
            }
        }

        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = -matrix[i];
        }

        var (text, time) = Path(matrix, rows, m);
        var starts = new int[rows];
        var previous = -1;
        for (var k = 0; k < text.Length; k++)
        {
            if (text[k] != previous)
            {
                starts[text[k]] = time[k];
                previous = text[k];
            }
        }

        return starts;
    }

    /// <summary>
    /// Median of each <paramref name="width"/>-wide window along <paramref name="x"/>, with reflected edges (torch's
    /// <c>F.pad(mode="reflect")</c>); rows no longer than half the width are copied unchanged.
    /// </summary>
    public static void MedianFilter(ReadOnlySpan<float> x, int width, Span<float> output, Span<float> scratch)
    {
        var pad = width / 2;
        var n = x.Length;
        if (n <= pad)
        {
            x.CopyTo(output);
            return;
        }

        Span<float> window = stackalloc float[width];
        var padded = scratch[..(n + (2 * pad))];
        for (var i = 0; i < padded.Length; i++)
        {
            var j = i - pad;
            j = j < 0 ? -j : j >= n ? (2 * (n - 1)) - j : j;
            padded[i] = x[Math.Clamp(j, 0, n - 1)];
        }

        for (var i = 0; i < n; i++)
        {
            padded.Slice(i, width).CopyTo(window);
            window.Sort();
            output[i] = window[pad];
        }
    }

    /// <summary>
    /// OpenAI's <c>dtw_cpu</c> and <c>backtrace</c> on the row-major <paramref name="rows"/> × <paramref name="columns"/>
    /// cost matrix <paramref name="x"/>: the monotonic path from (0, 0) to the last cell with the least total cost,
    /// as (row, column) index lists in path order. Ties prefer a step along time.
    /// </summary>
    public static (int[] Rows, int[] Columns) Path(ReadOnlySpan<double> x, int rows, int columns)
    {
        int n = rows, m = columns;
        var cost = new float[(n + 1) * (m + 1)];
        var trace = new byte[(n + 1) * (m + 1)];
        cost.AsSpan().Fill(float.PositiveInfinity);
        cost[0] = 0;
        for (var j = 1; j <= m; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                var c0 = cost[((i - 1) * (m + 1)) + j - 1];
                var c1 = cost[((i - 1) * (m + 1)) + j];
                var c2 = cost[(i * (m + 1)) + j - 1];
                float c;
                byte t;
                if (c0 < c1 && c0 < c2)
                {
                    (c, t) = (c0, 0);
                }
                else if (c1 < c0 && c1 < c2)
                {
                    (c, t) = (c1, 1);
                }
                else
                {
                    (c, t) = (c2, 2);
                }

                cost[(i * (m + 1)) + j] = (float)(x[((i - 1) * m) + j - 1] + c);
                trace[(i * (m + 1)) + j] = t;
            }
        }

        // Backtrace from the last cell; the first row only moves along time, the first column only down.
        var pathRows = new List<int>(n + m);
        var pathColumns = new List<int>(n + m);
        int r = n, k = m;
        while (r > 0 || k > 0)
        {
            pathRows.Add(r - 1);
            pathColumns.Add(k - 1);
            var step = r == 0 ? 2 : k == 0 ? 1 : trace[(r * (m + 1)) + k];
            switch (step)
            {
                case 0:
                    r--;
                    k--;
                    break;
                case 1:
                    r--;
                    break;
                default:
                    k--;
                    break;
            }
        }

        pathRows.Reverse();
        pathColumns.Reverse();
        return ([.. pathRows], [.. pathColumns]);
    }

    private static void Softmax(Span<float> row)
    {
        var max = float.NegativeInfinity;
        foreach (var v in row)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = MathF.Exp(row[i] - max);
            sum += row[i];
        }

        for (var i = 0; i < row.Length; i++)
        {
            row[i] = (float)(row[i] / sum);
        }
    }
}
