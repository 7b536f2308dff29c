using VoiceFlow.Tests.Shared;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Store;

namespace VoiceFlow.Whisper.Tests.Store;

public class GgmlModelHeaderTests
{
    [Theory]
    [InlineData("ggml-random-test-s64-f32.bin", 64, 2, "f32")]
    [InlineData("ggml-random-test-s64-q4_0.bin", 64, 2, "q4_0")]
    [InlineData("ggml-random-test-s64-q5_0.bin", 64, 2, "q5_0")]
    [InlineData("ggml-random-test-s64-q8_0.bin", 64, 2, "q8_0")]
    [InlineData("ggml-random-tiny.en-q5_1.bin", 384, 4, "q5_1")]
    [InlineData("ggml-random-tiny.en-f16.bin", 384, 4, "f16")]
    public void Reads_the_hyper_parameters_of_real_ggml_files(string file, int state, int layers, string weightType)
    {
        string path = SharedFolder.Require("fixtures/whisper/models/" + file);

        var header = GgmlModelHeader.Read(path);

        Assert.Equal(51864, header.VocabularySize);
        Assert.True(header.IsEnglishOnly);
        Assert.Equal(1500, header.AudioContext);
        Assert.Equal(448, header.TextContext);
        Assert.Equal(state, header.AudioState);
        Assert.Equal(state, header.TextState);
        Assert.Equal(layers, header.AudioLayers);
        Assert.Equal(80, header.Mels);
        Assert.Equal(weightType, header.WeightTypeName);
        Assert.Equal(new FileInfo(path).Length, header.FileBytes);
    }

    [Fact]
    public void A_truncated_model_is_rejected_by_its_size()
    {
        string path = SharedFolder.Require("fixtures/whisper/models/ggml-random-tiny.en-f16.bin");
        using var temp = new TempFolder();
        string truncated = temp.Sub("ggml-tiny.en.bin");
        using (var source = File.OpenRead(path))
        using (var target = File.Create(truncated))
        {
            var buffer = new byte[1_000_000];
            source.ReadExactly(buffer);
            target.Write(buffer);
        }

        var error = Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(truncated));
        Assert.Contains("too small for these dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_magic_and_insane_values_are_named()
    {
        using var temp = new TempFolder();
        string wav = temp.Write("a.bin", "RIFF....WAVEfmt and more bytes to pass the length check.....");
        Assert.Contains("not a whisper.cpp ggml model (magic 0x46464952", Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(wav)).Message, StringComparison.Ordinal);

        string insane = temp.Sub("b.bin");
        var bytes = new byte[4 + 13 * 4];
        BitConverter.TryWriteBytes(bytes, GgmlModelHeader.Magic);
        int[] values = [51864, 1500, 384, 6, 4, 448, 384, 6, -4, 80, 1, 80, 201];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4 + 4 * i), values[i]);
        }

        File.WriteAllBytes(insane, bytes);
        Assert.Equal($"{insane}: hyper-parameter n_text_layer = -4 is out of range (1..256); not a valid whisper.cpp model",
            Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(insane)).Message);
    }

    [Fact]
    public void A_tiny_file_is_too_short()
    {
        using var temp = new TempFolder();
        string path = temp.Write("c.bin", "ggml");
        Assert.Equal($"{path}: 4 bytes is too short for a whisper.cpp ggml model", Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(path)).Message);
    }
}
