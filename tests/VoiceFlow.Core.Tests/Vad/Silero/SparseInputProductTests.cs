using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>
/// The column-by-column product that skips zero inputs, against its scalar reference (which skips nothing) and
/// against the row-major product it replaces, over many shapes and zero densities.
/// </summary>
public sealed class SparseInputProductTests
{
    [Fact]
    public void Skipping_zero_inputs_gives_the_scalar_reference_bit_for_bit_over_many_shapes()
    {
        var random = new Random(21);
        foreach (double zeros in (double[])[0, 0.5, 0.8, 1])
        {
            foreach (int rows in Enumerable.Range(1, 70).Concat([127, 128, 129, 136, 512]))
            {
                foreach (int cols in (int[])[1, 2, 7, 64, 129])
                {
                    for (int count = 1; count <= 5; count++)
                    {
                        var matrix = Values(random, rows * cols, 0);
                        var x = Values(random, count * cols, zeros);
                        var vectorized = new float[count * rows];
                        var reference = new float[count * rows];
                        SparseInputProduct.Multiply(matrix, x, count, vectorized, new int[x.Length]);
                        SparseInputProduct.MultiplyScalar(matrix, x, count, reference);
                        for (int i = 0; i < reference.Length; i++)
                        {
                            Assert.True(
                                BitConverter.SingleToInt32Bits(reference[i]) == BitConverter.SingleToInt32Bits(vectorized[i]),
                                $"rows {rows} cols {cols} count {count} zeros {zeros} at {i}: {reference[i]} vs {vectorized[i]}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void It_computes_the_row_major_product_of_the_matrix_it_was_given_by_columns()
    {
        var random = new Random(22);
        foreach (var (rows, cols) in new[] { (64, 384), (128, 192), (512, 128), (9, 5) })
        {
            const int Count = 3;
            var rowMajor = Values(random, rows * cols, 0);
            var x = Values(random, Count * cols, 0.6);
            var byColumns = new float[Count * rows];
            var byRows = new float[Count * rows];
            SparseInputProduct.Multiply(SparseInputProduct.ToColumns(rowMajor, rows, cols), x, Count, byColumns, new int[x.Length]);
            SileroKernels.MatrixVectorsScalar(rowMajor, x, Count, byRows);
            for (int i = 0; i < byRows.Length; i++)
            {
                Assert.True(Math.Abs(byRows[i] - byColumns[i]) <= 1e-5f * cols, $"{rows} × {cols} at {i}: {byRows[i]} vs {byColumns[i]}");
            }
        }
    }

    [Fact]
    public void A_vectors_result_does_not_depend_on_the_vectors_sharing_the_call()
    {
        var random = new Random(23);
        const int Rows = 128, Cols = 192, Count = 7;
        var matrix = Values(random, Rows * Cols, 0);
        var x = Values(random, Count * Cols, 0.5);
        var together = new float[Count * Rows];
        SparseInputProduct.Multiply(matrix, x, Count, together, new int[x.Length]);
        for (int p = 0; p < Count; p++)
        {
            var alone = new float[Rows];
            SparseInputProduct.Multiply(matrix, x.AsSpan(p * Cols, Cols), 1, alone, new int[Cols]);
            Assert.Equal(alone, together.AsSpan(p * Rows, Rows).ToArray());
        }
    }

    [Fact]
    public void Shapes_that_do_not_fit_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SparseInputProduct.Multiply(new float[12], new float[7], 2, new float[6], new int[7]));
        Assert.Throws<ArgumentException>(() => SparseInputProduct.Multiply(new float[10], new float[4], 1, new float[3], new int[4]));
        Assert.Throws<ArgumentException>(() => SparseInputProduct.Multiply(new float[12], new float[4], 1, new float[3], new int[3]));
        Assert.Throws<ArgumentException>(() => SparseInputProduct.ToColumns(new float[10], 3, 4));
    }

    /// <summary>Values in [-1, 1) (negative weights make w·0 = −0, the case skipping must not change), a share exactly zero.</summary>
    private static float[] Values(Random random, int length, double zeros) =>
        Enumerable.Range(0, length).Select(_ => random.NextDouble() < zeros ? 0f : (float)(random.NextDouble() * 2 - 1)).ToArray();
}
