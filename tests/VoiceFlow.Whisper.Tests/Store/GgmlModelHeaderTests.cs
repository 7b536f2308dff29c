using VoiceFlow.Tests.Shared;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Ggml;
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
        Assert.Contains("bad magic 0x46464952 (not a whisper.cpp ggml model)", Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(wav)).Message, StringComparison.Ordinal);

        string insane = temp.Sub("b.bin");
        var bytes = new byte[4 + 13 * 4];
        BitConverter.TryWriteBytes(bytes, GgmlModelHeader.Magic);
        int[] values = [51864, 1500, 384, 6, 4, 448, 384, 6, -4, 80, 1, 80, 201];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4 + 4 * i), values[i]);
        }

        File.WriteAllBytes(insane, bytes);
        Assert.Equal($"hyper-parameter n_text_layer = -4 is outside 1..128 in {insane}",
            Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(insane)).Message);
    }

    [Fact]
    public void A_tiny_file_is_too_short()
    {
        using var temp = new TempFolder();
        string path = temp.Write("c.bin", "ggml");
        Assert.Equal($"model file {path} is 4 bytes, too small for a ggml header (truncated?)", Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(path)).Message);
    }

    [Theory]
    [InlineData(1, 2000, "hyper-parameter n_audio_ctx = 2000 is outside 1..1500")]
    [InlineData(6, 128, "n_audio_state 64 differs from n_text_state 128")]
    [InlineData(3, 200, "hyper-parameter n_audio_head = 200 is outside 1..128")]
    [InlineData(9, 300, "hyper-parameter n_mels = 300 is outside 1..256")]
    [InlineData(10, 5, "ftype 5 is not a supported weight type")]
    [InlineData(10, 3002, "quantization version 3 is unknown (whisper.cpp writes 0..2); re-quantize the model with a current whisper.cpp 'quantize'")]
    [InlineData(10, 2, "ftype 2: q4_0 weights of quantization version 0 use an older block layout (current: 2); re-quantize the model with a current whisper.cpp 'quantize'")]
    [InlineData(10, 1007, "ftype 1007: q8_0 weights of quantization version 1 use an older block layout (current: 2); re-quantize the model")]
    [InlineData(10, 9, "ftype 9: q5_1 weights of quantization version 0 use an older block layout")]
    [InlineData(12, 200, "mel filters n_fft 200 is not 201")]
    public void A_header_the_engine_refuses_is_refused_with_the_loaders_message(int index, int value, string fragment)
    {
        string source = SharedFolder.Require("fixtures/whisper/models/ggml-random-test-s64-q4_0.bin");
        using var temp = new TempFolder();
        string path = temp.Sub("ggml-patched.bin");
        byte[] bytes = File.ReadAllBytes(source);
        BitConverter.TryWriteBytes(bytes.AsSpan(4 + 4 * index), value);
        File.WriteAllBytes(path, bytes);

        var verify = Assert.Throws<ModelFormatException>(() => GgmlModelHeader.Read(path));
        var load = Assert.Throws<ModelFormatException>(() => GgmlModelFile.Open(path).Dispose());

        Assert.Equal(load.Message, verify.Message);
        Assert.Contains(fragment, verify.Message, StringComparison.Ordinal);
        Assert.EndsWith($" in {path}", verify.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 2, "q4_0")]
    [InlineData(7, 2, "q8_0")]
    [InlineData(9, 1, "q5_1")]
    [InlineData(9, 2, "q5_1")]
    [InlineData(1, 0, "f16")]
    public void Quantization_versions_with_the_current_block_layout_are_accepted(int type, int version, string name)
    {
        string source = SharedFolder.Require("fixtures/whisper/models/ggml-random-test-s64-q4_0.bin");
        using var temp = new TempFolder();
        string path = temp.Sub("ggml-versioned.bin");
        byte[] bytes = File.ReadAllBytes(source);
        BitConverter.TryWriteBytes(bytes.AsSpan(4 + 4 * 10), type + version * 1000);
        File.WriteAllBytes(path, bytes);

        var header = GgmlModelHeader.Read(path);

        Assert.Equal(name, header.WeightTypeName);
        Assert.Equal(type + version * 1000, header.FileType);
    }
}
