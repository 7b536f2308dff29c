using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Vad.Silero;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>Files that are not a usable Silero VAD v5/v6 model: one clear error naming the file, never a crash.</summary>
public sealed class SileroModelLoadingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly string[] s_inputs = ["input", "state", "sr"];
    private static readonly string[] s_outputs = ["output", "stateN"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1_000_000)]
    [InlineData(2_327_000)]
    public void A_truncated_file_is_refused_naming_it(int keep)
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "truncated.onnx");
        File.WriteAllBytes(path, File.ReadAllBytes(SileroTestModels.RequirePath("v6")).AsSpan(0, keep).ToArray());

        var error = Assert.Throws<ModelFormatException>(() => SileroModel.Load(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Corrupt_bytes_are_refused_naming_the_file()
    {
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(SileroTestModels.RequirePath("v5"));
        var random = new Random(3);
        for (int attempt = 0; attempt < 40; attempt++)
        {
            var corrupt = (byte[])bytes.Clone();
            for (int i = 0; i < 20; i++)
            {
                corrupt[random.Next(0, 4_000)] = (byte)random.Next(256);
            }

            string path = Path.Combine(folder.Path, $"corrupt{attempt}.onnx");
            File.WriteAllBytes(path, corrupt);
            try
            {
                var model = SileroModel.Load(path);
                // Damage that spares the structure still loads, but never as an official release.
                Assert.Null(model.Version);
            }
            catch (ModelFormatException error)
            {
                Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Random_bytes_and_other_files_are_refused()
    {
        using var folder = new TempFolder();
        string noise = Path.Combine(folder.Path, "noise.onnx");
        File.WriteAllBytes(noise, [.. Enumerable.Range(0, 10_000).Select(i => (byte)(i * 37 % 251))]);
        string wav = SharedFixtures.File(Path.Combine("fixtures", "silero", "audio", "speech10_16k.wav"));

        Assert.StartsWith(noise + ": ", Assert.Throws<ModelFormatException>(() => SileroModel.Load(noise)).Message, StringComparison.Ordinal);
        Assert.StartsWith(wav + ": ", Assert.Throws<ModelFormatException>(() => SileroModel.Load(wav)).Message, StringComparison.Ordinal);
        string missing = Path.Combine(folder.Path, "absent.onnx");
        Assert.StartsWith(missing + ": ", Assert.Throws<ModelFormatException>(() => SileroModel.Load(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silero_v4_inputs_are_named_in_the_error()
    {
        string path = Write(OnnxTestWriter.Model(OnnxTestWriter.Graph(["input", "sr", "h", "c"], ["output", "hn", "cn"], OnnxTestWriter.SileroConstants())));

        var error = Assert.Throws<ModelFormatException>(() => SileroModel.Load(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("inputs (input, sr, h, c)", error.Message, StringComparison.Ordinal);
        Assert.Contains("v4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_input_names_are_refused()
    {
        string path = Write(OnnxTestWriter.Model(OnnxTestWriter.Graph(["audio", "state", "sr"], s_outputs, OnnxTestWriter.SileroConstants())));

        var error = Assert.Throws<ModelFormatException>(() => SileroModel.Load(path));

        Assert.Contains("inputs (audio, state, sr)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_of_another_version_or_shape_is_refused_naming_the_tensor()
    {
        string wrongShape = Write(OnnxTestWriter.Model(OnnxTestWriter.Graph(s_inputs, s_outputs,
            OnnxTestWriter.SileroConstants(new() { ["decoder.rnn.weight_ih"] = [256, 64] }))));
        string missing = Write(OnnxTestWriter.Model(OnnxTestWriter.Graph(s_inputs, s_outputs,
            OnnxTestWriter.SileroConstants(new() { ["encoder.2.reparam_conv.bias"] = [] }))));
        string eightKilohertzOnly = Write(OnnxTestWriter.Model(OnnxTestWriter.Graph(s_inputs, s_outputs,
            OnnxTestWriter.SileroConstants(new() { ["stft.forward_basis_buffer"] = [130, 1, 128] }))));

        Assert.Contains("decoder.rnn.weight_ih has shape [256, 64]", Assert.Throws<ModelFormatException>(() => SileroModel.Load(wrongShape)).Message, StringComparison.Ordinal);
        Assert.Contains("encoder.2.reparam_conv.bias is missing", Assert.Throws<ModelFormatException>(() => SileroModel.Load(missing)).Message, StringComparison.Ordinal);
        Assert.Contains("no 16 kHz Silero VAD weights", Assert.Throws<ModelFormatException>(() => SileroModel.Load(eightKilohertzOnly)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_structurally_right_file_that_is_not_a_release_loads_without_a_version()
    {
        string path = Write(OnnxTestWriter.Model(OnnxTestWriter.Graph(s_inputs, s_outputs, OnnxTestWriter.SileroConstants())));

        var model = SileroModel.Load(path);

        Assert.Null(model.Version);
        Assert.False(model.BasisIsWindowedDft);
        Assert.InRange(new SileroNetwork(model).Process(new float[SileroModel.ChunkSamples]), 0f, 1f);
        Assert.Contains("unreleased", model.Description, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private string Write(byte[] bytes)
    {
        string path = _folder.Sub($"model-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
