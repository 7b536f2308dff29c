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
    public void A_matrix_shorter_than_rows_times_columns_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SileroKernels.MatrixVector(new float[10], new float[4], new float[3]));
    }
}
