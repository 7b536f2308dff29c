namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>
/// Conv stem and encoder output against whisper.cpp's, per reference tag. Measured max differences:
/// test f32 1.1e-4, tiny f16 8.9e-4, test f16 5.2e-5, test q8_0 6.5e-4, q4_0 7.1e-4, q5_0 1.1e-3,
/// q5_1 1.6e-3, tiny q5_1 2.3e-2. Quantized tolerances are 2-3x those: the blocked product multiplies
/// dequantized weights by quantized-then-expanded activations (same values as ggml's integer sums,
/// other summation order), and for q5_1 omits ggml's f16 rounding of the per-block activation sums.
/// </summary>
public class EncoderGoldenTests
{
    [Theory]
    [InlineData("test", "10s", "nt", 1e-3f)]
    [InlineData("test", "10s", "ts", 1e-3f)]
    [InlineData("test", "30s", "nt", 1e-3f)]
    [InlineData("test", "30s", "ts", 1e-3f)]
    [InlineData("tiny", "10s", "nt", 0.05f)]
    [InlineData("tiny", "30s", "ts", 0.05f)]
    [InlineData("tiny_q5_1", "10s", "nt", 0.05f)]
    [InlineData("test_f16", "10s", "nt", 1e-3f)]
    [InlineData("test_q8_0", "10s", "nt", 3e-3f)]
    [InlineData("test_q5_0", "10s", "nt", 3e-3f)]
    [InlineData("test_q5_1", "10s", "nt", 5e-3f)]
    [InlineData("test_q4_0", "10s", "nt", 3e-3f)]
    public void Conv_stem_and_encoder_output_match(string model, string audio, string mode, float tolerance)
    {
        string tag = Golden.Tag(model, audio, mode);
        var m = Golden.Model(model);
        int ctx = m.HyperParameters.NAudioCtx, s = m.HyperParameters.NAudioState;
        var conv = new float[ctx * s];
        using var encoded = m.Encode(Golden.Mel(audio), 0, 2, conv);

        // The reference conv output is [state][ctx]; ours is [ctx][state].
        bool hasConv = File.Exists(Fixtures.Ref($"out/{tag}.conv.f32"));
        float[] refConv = hasConv ? Golden.RefFloats(tag, "conv") : new float[conv.Length];
        var transposed = new float[conv.Length];
        for (int t = 0; t < ctx; t++)
        {
            for (int c = 0; c < s; c++)
            {
                transposed[(c * ctx) + t] = conv[(t * s) + c];
            }
        }

        float convDiff = hasConv ? Golden.MaxAbsDiff(transposed, refConv) : 0f;
        float encDiff = Golden.MaxAbsDiff(encoded.Output, Golden.RefFloats(tag, "enc"));
        Assert.True(convDiff <= tolerance && encDiff <= tolerance, $"{tag}: conv max diff {convDiff}, encoder max diff {encDiff} (tolerance {tolerance})");
    }
}
