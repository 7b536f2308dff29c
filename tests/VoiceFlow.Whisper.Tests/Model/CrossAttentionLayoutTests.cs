using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>
/// The encoder stores the cross-attention keys and values head-major (<c>[head][ctx][head_dim]</c>); the decoder's
/// attention and the alignment heads' score capture read them in that layout.
/// </summary>
public unsafe class CrossAttentionLayoutTests
{
    private const int Context = 37, State = 24, Heads = 3, HeadDim = State / Heads;

    [Fact]
    public void Rows_are_stored_one_head_after_another()
    {
        using var output = new EncoderOutput(Context, State, layers: 1, Heads);
        float[] rows = Enumerable.Range(0, Context * State).Select(i => (float)(i % 1000)).ToArray();
        fixed (float* r = rows)
        {
            output.StoreHeadMajor(r, output.Keys(0));
        }

        for (int c = 0; c < Context; c++)
        {
            for (int d = 0; d < State; d++)
            {
                int h = d / HeadDim;
                ushort stored = output.Keys(0)[(((h * Context) + c) * HeadDim) + (d % HeadDim)];
                Assert.Equal(HalfBits.Round(rows[(c * State) + d]), HalfBits.ToSingle(stored));
            }
        }
    }

    [Fact]
    public void The_score_capture_reads_each_heads_own_keys()
    {
        var rng = new Random(3);
        using var output = new EncoderOutput(Context, State, layers: 1, Heads);
        float[] keys = Enumerable.Range(0, Context * State).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        float[] q = Enumerable.Range(0, 2 * State).Select(_ => HalfBits.Round((float)(rng.NextDouble() - 0.5))).ToArray();
        AlignmentHead[] heads = [new(0, 2), new(0, 0), new(1, 1)]; // the last is of another layer: not captured here
        float[] scores = new float[heads.Length * 2 * Context];
        fixed (float* k = keys, pq = q)
        {
            output.StoreHeadMajor(k, output.Keys(0));
            new CrossAttentionCapture(heads, scores, tokens: 2).Capture(0, pq, 2, output.Keys(0), Context, State, HeadDim);
        }

        for (int a = 0; a < 2; a++)
        {
            int h = heads[a].Head;
            for (int t = 0; t < 2; t++)
            {
                for (int j = 0; j < Context; j++)
                {
                    double expected = 0;
                    for (int d = 0; d < HeadDim; d++)
                    {
                        expected += HalfBits.Round(keys[(j * State) + (h * HeadDim) + d]) * q[(t * State) + (h * HeadDim) + d];
                    }

                    Assert.Equal(expected, scores[(((a * 2) + t) * Context) + j], 1e-4);
                }
            }
        }

        Assert.All(scores.AsSpan(2 * 2 * Context).ToArray(), s => Assert.Equal(0f, s));
    }
}
