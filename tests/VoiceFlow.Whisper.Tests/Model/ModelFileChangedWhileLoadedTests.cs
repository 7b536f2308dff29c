using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>
/// A model in use while its file is deleted, truncated or overwritten in place (an update, a `cp` over it, a full
/// disk): the loaded model keeps computing the same numbers (it holds its own copy of the file, see
/// <see cref="GgmlFileAccess.CopyIntoMemory"/>; a mapped file would SIGBUS on truncation), and loading the file
/// again fails with an error naming what is wrong with it now.
/// </summary>
public sealed class ModelFileChangedWhileLoadedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("voiceflow-model-change-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Changes => new()
    {
        { "deleted", "model file not found" },
        { "truncated to half", "data ends past end of file (truncated?)" },
        { "truncated to nothing", "too small for a ggml header" },
        { "overwritten in place with zeros", "bad magic 0x00000000" },
        { "overwritten in place with another model", "differs from" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void The_loaded_model_keeps_working_and_the_next_load_names_the_damage(string change, string nextLoadError)
    {
        string path = Path.Combine(_folder, "model.bin");
        File.Copy(Fixtures.Model("ggml-random-test-s64-f32.bin"), path);
        using var model = WhisperModel.Load(path);
        float[] before = FirstLogits(model);

        Change(path, change);

        Assert.Equal(before, FirstLogits(model));
        var error = Assert.Throws<ModelFormatException>(() => WhisperModel.Load(path).Dispose());
        Assert.Contains(nextLoadError, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_replaced_by_rename_loads_as_the_new_model_while_the_old_one_keeps_working()
    {
        string path = Path.Combine(_folder, "model.bin");
        File.Copy(Fixtures.Model("ggml-random-test-s64-f32.bin"), path);
        using var old = WhisperModel.Load(path);
        float[] before = FirstLogits(old);

        // What a downloader does: write beside, then rename over (atomic).
        string next = Path.Combine(_folder, "model.bin.part");
        File.Copy(Fixtures.Model("ggml-random-test-s64-f16.bin"), next);
        File.Move(next, path, overwrite: true);

        using var replaced = WhisperModel.Load(path);
        Assert.Equal(before, FirstLogits(old));
        Assert.NotEqual(before, FirstLogits(replaced));
    }

    private static void Change(string path, string change)
    {
        switch (change)
        {
            case "deleted":
                File.Delete(path);
                break;
            case "truncated to half":
            case "truncated to nothing":
                // In place, keeping the inode: what `truncate` or a writer opening with O_TRUNC does.
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    file.SetLength(change.EndsWith("half", StringComparison.Ordinal) ? file.Length / 2 : 0);
                break;
            case "overwritten in place with zeros":
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                    file.Write(new byte[file.Length]);
                break;
            default:
                // `cp other.bin model.bin`: same inode, truncated then rewritten with a model of other shapes.
                using (var file = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
                    file.Write(ShapeChanged(File.ReadAllBytes(Fixtures.Model("ggml-random-test-s64-f32.bin"))));
                break;
        }
    }

    /// <summary>The model with its first tensor's two dims swapped: loads until the shape check.</summary>
    private static byte[] ShapeChanged(byte[] model)
    {
        const int FirstTensorDims = 586_836 + 12; // tensors_offset from the fixture's manifest, then n_dims, name length, type
        (model[FirstTensorDims], model[FirstTensorDims + 4]) = (model[FirstTensorDims + 4], model[FirstTensorDims]);
        (model[FirstTensorDims + 1], model[FirstTensorDims + 5]) = (model[FirstTensorDims + 5], model[FirstTensorDims + 1]);
        return model;
    }

    /// <summary>Encoder over the reference mel, then the first decoder step's logits: touches every weight.</summary>
    private static float[] FirstLogits(WhisperModel model)
    {
        using var encoded = model.Encode(Golden.Mel("10s"), 0, 1);
        using var state = model.CreateDecoderState(encoded);
        var logits = new float[model.HyperParameters.NVocab];
        model.Decode(state, [50257, 50362], logits, 1);
        return logits;
    }
}
