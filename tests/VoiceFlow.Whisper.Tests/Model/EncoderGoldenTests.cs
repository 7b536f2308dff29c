namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>Conv stem and encoder output against whisper.cpp's, per reference tag.</summary>
public class EncoderGoldenTests
{
    [Theory]
    [InlineData("test", "10s", "nt", 1e-3f)]
    [InlineData("test", "10s", "ts", 1e-3f)]
    [InlineData("test", "30s", "nt", 1e-3f)]
    [InlineData("test", "30s", "ts", 1e-3f)]
    [InlineData("tiny", "10s", "nt", 0.05f)]
    public void Conv_stem_and_encoder_output_match(string model, string audio, string mode, float tolerance)
    {
        string tag = Golden.Tag(model, audio, mode);
        var m = Golden.Model(model);
        int ctx = m.HyperParameters.NAudioCtx, s = m.HyperParameters.NAudioState;
        var conv = new float[ctx * s];
        using var encoded = m.Encode(Golden.Mel(audio), 0, 2, conv);

        // The reference conv output is [state][ctx]; ours is [ctx][state].
        float[] refConv = Golden.RefFloats(tag, "conv");
        var transposed = new float[conv.Length];
        for (int t = 0; t < ctx; t++)
        {
            for (int c = 0; c < s; c++)
            {
                transposed[(c * ctx) + t] = conv[(t * s) + c];
            }
        }

        float convDiff = Golden.MaxAbsDiff(transposed, refConv);
        float encDiff = Golden.MaxAbsDiff(encoded.Output, Golden.RefFloats(tag, "enc"));
        Assert.True(convDiff <= tolerance && encDiff <= tolerance, $"{tag}: conv max diff {convDiff}, encoder max diff {encDiff} (tolerance {tolerance})");
    }
}
