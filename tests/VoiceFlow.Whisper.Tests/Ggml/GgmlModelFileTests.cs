using System.Buffers.Binary;
using System.Security.Cryptography;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Ggml;

namespace VoiceFlow.Whisper.Tests.Ggml;

public class GgmlModelFileTests
{
    public static TheoryData<string> ModelFiles => new(
        "ggml-random-test-s64-f32.bin", "ggml-random-test-s64-f16.bin", "ggml-random-test-s64-q8_0.bin",
        "ggml-random-test-s64-q5_0.bin", "ggml-random-test-s64-q5_1.bin", "ggml-random-test-s64-q4_0.bin",
        "ggml-random-tiny.en-f16.bin", "ggml-random-tiny.en-q5_1.bin");

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Every_fixture_model_loads(string name)
    {
        using var file = GgmlModelFile.Open(Fixtures.Model(name));
        var hp = file.HyperParameters;
        Assert.Equal(51864, hp.NVocab);
        Assert.Equal(50257, file.TokenBytes.Count);
        Assert.Equal(80 * 201, file.MelFilters.Length);
        Assert.Equal(5 + 2 + 4 + (hp.NAudioLayer * 15) + (hp.NTextLayer * 24), file.Tensors.Count);
        Assert.Equal(file.FileLength, file.Tensors.Values.Max(t => t.DataOffset + t.ByteLength));
    }

    [Theory]
    [InlineData("ggml-random-test-s64-f32")]
    [InlineData("ggml-random-tiny.en-f16")]
    public void Tensor_offsets_sizes_and_sha1_match_the_manifest(string name)
    {
        using var manifest = Fixtures.ReadJson(Fixtures.Model(name + ".manifest.json"));
        using var file = GgmlModelFile.Open(Fixtures.Model(name + ".bin"));
        var tensors = manifest.RootElement.GetProperty("tensors");
        Assert.Equal(tensors.GetArrayLength(), file.Tensors.Count);
        foreach (var t in tensors.EnumerateArray())
        {
            var tensor = file.Tensor(t.GetProperty("name").GetString()!);
            Assert.Equal(t.GetProperty("data_offset").GetInt64(), tensor.DataOffset);
            Assert.Equal(t.GetProperty("nbytes").GetInt64(), tensor.ByteLength);
            Assert.Equal(t.GetProperty("ttype").GetInt32(), (int)tensor.Type);
            Assert.Equal(t.GetProperty("sha1").GetString(), Convert.ToHexStringLower(SHA1.HashData(tensor.Bytes)));
        }
    }

    [Fact]
    public void Corrupted_files_fail_with_a_clear_error_naming_the_cause()
    {
        byte[] good = File.ReadAllBytes(Fixtures.Model("ggml-random-test-s64-f32.bin"));
        using var manifest = Fixtures.ReadJson(Fixtures.Model("ggml-random-test-s64-f32.manifest.json"));
        var root = manifest.RootElement;
        long vocab = root.GetProperty("vocab").GetProperty("offset").GetInt64();
        long tensors = root.GetProperty("tensors_offset").GetInt64();
        var t3 = root.GetProperty("tensors")[3];
        var last = root.GetProperty("tensors")[root.GetProperty("tensors").GetArrayLength() - 1];

        string dir = Directory.CreateTempSubdirectory("voiceflow-ggml-").FullName;
        try
        {
            Expect(dir, good[..0], "too small");
            Expect(dir, good[..30], "too small");
            Expect(dir, good[..60], "mel filters");
            Expect(dir, good[..(int)(vocab + 100)], "vocabulary");
            Expect(dir, good[..(int)(tensors + 10)], "tensor header");
            Expect(dir, good[..(int)(t3.GetProperty("data_offset").GetInt64() + 10)], $"tensor {t3.GetProperty("name").GetString()}: data ends past end of file (truncated?)");
            Expect(dir, good[..(int)(last.GetProperty("data_offset").GetInt64() + 4)], "data ends past end of file");
            Expect(dir, good[..(int)last.GetProperty("header_offset").GetInt64()], "missing tensor decoder.ln.bias");

            Expect(dir, Patch(good, 0, 0x12345678), "bad magic 0x12345678 (not a whisper.cpp ggml model)");
            Expect(dir, Patch(good, 4, int.MaxValue), "n_vocab = 2147483647 is outside");
            Expect(dir, Patch(good, 8, -5), "n_audio_ctx = -5 is outside");
            Expect(dir, Patch(good, 16, 3), "not a multiple of n_audio_head");
            Expect(dir, Patch(good, 20, 100_000), "n_audio_layer = 100000");
            Expect(dir, Patch(good, 44, 17), "ftype 17");
            Expect(dir, Patch(good, (int)vocab, 1 << 30), "vocabulary count");
            Expect(dir, Patch(good, (int)vocab + 4, 1 << 30), "vocabulary token 0");
            Expect(dir, Patch(good, (int)t3.GetProperty("header_offset").GetInt64() + 8, 17), "unknown tensor type 17");
            Expect(dir, Patch(good, (int)t3.GetProperty("header_offset").GetInt64() + 12, 1 << 25), "dim 0");
            Expect(dir, Patch(good, (int)tensors + 4, 1 << 30), "name length");
            // Same byte count, wrong shape: [3, 64, 64] -> [3, 128, 32].
            int h3 = (int)t3.GetProperty("header_offset").GetInt64();
            Expect(dir, Patch(Patch(good, h3 + 16, 128), h3 + 20, 32), "shape [3, 128, 32, 1] differs from the expected [3, 64, 64]");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_file_fails_with_model_format_error()
    {
        var e = Assert.Throws<ModelFormatException>(() => GgmlModelFile.Open("/nonexistent/dir/model.bin"));
        Assert.Contains("model.bin", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Patch(byte[] good, int offset, int value)
    {
        byte[] copy = (byte[])good.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static void Expect(string dir, byte[] content, string fragment)
    {
        string path = Path.Combine(dir, "bad.bin");
        File.WriteAllBytes(path, content);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => GgmlModelFile.Open(path).Dispose());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L << 20, $"allocated {allocated} bytes for a corrupt file");
    }
}
