using VoiceFlow.Whisper.Alignment;

namespace VoiceFlow.Whisper.Tests.Alignment;

/// <summary>The DTW word-alignment math on synthetic attention whose monotonic path is known.</summary>
public class CrossAttentionDtwTests
{
    [Fact]
    public void Path_follows_the_cheapest_monotonic_route_and_covers_both_ends()
    {
        // 3 rows x 6 columns; cheap cells (0) along row 0 for columns 0-1, row 1 for 2-3, row 2 for 4-5.
        double[] x =
        [
            0, 0, 9, 9, 9, 9,
            9, 9, 0, 0, 9, 9,
            9, 9, 9, 9, 0, 0,
        ];
        var (rows, columns) = CrossAttentionDtw.Path(x, 3, 6);
        Assert.Equal([0, 0, 1, 1, 2, 2], rows);
        Assert.Equal([0, 1, 2, 3, 4, 5], columns);
    }

    [Fact]
    public void Path_steps_down_when_rows_outnumber_the_columns()
    {
        double[] x =
        [
            0, 9,
            0, 9,
            9, 0,
        ];
        var (rows, columns) = CrossAttentionDtw.Path(x, 3, 2);
        Assert.Equal([0, 1, 2], rows);
        Assert.Equal([0, 0, 1], columns);
    }

    [Fact]
    public void Median_filter_reflects_the_edges_and_removes_short_spikes()
    {
        float[] x = [1, 2, 3, 100, 5, 6, 7, 8];
        var output = new float[x.Length];
        CrossAttentionDtw.MedianFilter(x, 3, output, new float[x.Length + 3]);
        // Reflected padding: [2, 1, 2, 3, 100, 5, 6, 7, 8, 7].
        Assert.Equal([2, 2, 3, 5, 6, 6, 7, 7], output);

        float[] tiny = [4, 1];
        var same = new float[2];
        CrossAttentionDtw.MedianFilter(tiny, 7, same, new float[16]);
        Assert.Equal(tiny, same);
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(3, 750)]
    public void Row_starts_recover_a_known_monotonic_path_through_noisy_heads(int heads, int frames)
    {
        // Rows: sot, notimestamps, 4 text tokens, eot. Aligned row r (token row r + 1) attends to frames [expected[r], expected[r + 1]).
        int[] expected = [0, 60, 130, 200, 310];
        int tokens = 7, context = 1500;
        var random = new Random(5);
        var scores = new float[heads * tokens * context];
        for (var h = 0; h < heads; h++)
        {
            for (var t = 0; t < tokens; t++)
            {
                for (var f = 0; f < context; f++)
                {
                    scores[(((h * tokens) + t) * context) + f] = (float)random.NextDouble();
                }

                if (t is >= 1 and <= 5)
                {
                    var from = expected[t - 1];
                    var to = t < 5 ? expected[t] : 400;
                    for (var f = from; f < to; f++)
                    {
                        scores[(((h * tokens) + t) * context) + f] += 8f;
                    }
                }
            }

            // A spike shorter than the median filter in the wrong place must not pull the path.
            scores[(((h * tokens) + 2) * context) + 250] += 9f;
        }

        var starts = CrossAttentionDtw.RowStarts(scores, heads, tokens, context, frames, 1, 5);
        Assert.Equal(expected, starts);
    }
}
