using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Mel;

namespace VoiceFlow.Whisper.Tests.Mel;

public class LogMelSpectrogramTests
{
    [Theory]
    [InlineData("speech10_16k", 4045, 1044)]
    [InlineData("speech30_16k", 5933, 2933)]
    public void Matches_whisper_cpp_within_1e4(string audio, int frames, int content)
    {
        using var file = GgmlModelFile.Open(Fixtures.Model("ggml-random-test-s64-f32.bin"));
        float[] pcm = Fixtures.ReadFloats(Fixtures.Ref($"common/{audio}.pcm.f32"));
        float[] expected = Fixtures.ReadFloats(Fixtures.Ref($"common/{audio}.mel.f32"));

        var mel = new LogMelSpectrogram(file.MelFilters, file.HyperParameters.NMels).Compute(pcm, 2);

        Assert.Equal(frames, mel.NFrames);
        Assert.Equal(content, mel.ContentFrames);
        Assert.Equal(expected.Length, mel.Data.Length);
        float maxDiff = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = MathF.Max(maxDiff, MathF.Abs(expected[i] - mel.Data[i]));
        }

        Assert.True(maxDiff <= 1e-4f, $"max abs diff {maxDiff}");
    }

    [Fact]
    public void Short_and_empty_input_give_padded_frames_without_failing()
    {
        using var file = GgmlModelFile.Open(Fixtures.Model("ggml-random-test-s64-f32.bin"));
        var front = new LogMelSpectrogram(file.MelFilters, file.HyperParameters.NMels);
        var empty = front.Compute([], 1);
        var tiny = front.Compute(new float[50], 2);
        Assert.Equal(3000, empty.NFrames);
        Assert.Equal(0, empty.ContentFrames);
        Assert.All(tiny.Data, v => Assert.True(float.IsFinite(v)));
    }
}
