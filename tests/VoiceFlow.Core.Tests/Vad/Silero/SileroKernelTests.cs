using System.Numerics;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>The vectorized matrix-vector product against its scalar reference over many shapes.</summary>
public sealed class SileroKernelTests
{
    [Fact]
    public void Vectorized_matches_scalar_for_every_length_from_0_to_300()
    {
        var random = new Random(11);
        for (int cols = 0; cols <= 300; cols++)
        {
            for (int rows = 0; rows <= 9; rows++)
            {
                var matrix = Enumerable.Range(0, rows * cols + 3).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var x = Enumerable.Range(0, cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var expected = new float[rows];
                var actual = new float[rows];
                var dispatched = new float[rows];
                SileroKernels.MatrixVectorScalar(matrix, x, expected);
                SileroKernels.MatrixVector(matrix, x, dispatched);
                if (cols >= Vector<float>.Count)
                {
                    SileroKernels.MatrixVectorVectorized(matrix, x, actual);
                }
                else
                {
                    actual = dispatched;
                }

                for (int r = 0; r < rows; r++)
                {
                    float tolerance = 1e-5f * Math.Max(1, cols);
                    Assert.True(Math.Abs(expected[r] - actual[r]) <= tolerance, $"cols {cols} rows {rows} row {r}: {expected[r]} vs {actual[r]}");
                    Assert.Equal(actual[r], dispatched[r]);
                }
            }
        }
    }

    [Fact]
    public void Several_vectors_at_once_give_each_vectors_own_product_bit_for_bit_and_match_the_scalar_reference()
    {
        var random = new Random(12);
        for (int cols = 1; cols <= 140; cols += 3)
        {
            foreach (int rows in (int[])[1, 3, 4, 7, 64])
            {
                for (int count = 1; count <= 9; count++)
                {
                    var matrix = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                    var x = Enumerable.Range(0, count * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                    var together = new float[count * rows];
                    var reference = new float[count * rows];
                    SileroKernels.MatrixVectors(matrix, x, count, together);
                    SileroKernels.MatrixVectorsScalar(matrix, x, count, reference);
                    for (int p = 0; p < count; p++)
                    {
                        var alone = new float[rows];
                        SileroKernels.MatrixVector(matrix, x.AsSpan(p * cols, cols), alone);
                        for (int r = 0; r < rows; r++)
                        {
                            Assert.Equal(alone[r], together[(p * rows) + r]);
                            Assert.True(Math.Abs(reference[(p * rows) + r] - alone[r]) <= 1e-5f * cols, $"cols {cols} rows {rows} count {count}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Vectors_that_do_not_divide_evenly_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SileroKernels.MatrixVectors(new float[12], new float[7], 2, new float[6]));
    }

    [Fact]
    public void A_matrix_shorter_than_rows_times_columns_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SileroKernels.MatrixVector(new float[10], new float[4], new float[3]));
    }
}
