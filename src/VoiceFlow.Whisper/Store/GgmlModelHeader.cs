using System.Buffers.Binary;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Store;

/// <summary>
/// The start of a whisper.cpp ggml model file: magic 0x67676d6c, 11 int32 hyper-parameters, then the mel filter
/// bank header. <see cref="Read"/> checks every value with the engine's own rules and the file size against the weights
/// the dimensions imply, so a truncated, foreign or corrupt file is rejected before anything is allocated from it.
/// </summary>
public sealed record GgmlModelHeader(
    int VocabularySize,
    int AudioContext,
    int AudioState,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextState,
    int TextHeads,
    int TextLayers,
    int Mels,
    int FileType,
    long FileBytes)
{
    /// <summary>"ggml" read as a little-endian uint32.</summary>
    public const uint Magic = 0x67676d6c;

    private const int HeaderBytes = 4 + 11 * 4 + 8;

    /// <summary>Weight type without the folded-in quantization version.</summary>
    public int WeightType => FileType % HyperParameterRules.QuantizationVersionFactor;

    /// <summary>Name of <see cref="WeightType"/> (ggml's file-type enum: 7 is q8_0, 8 q5_0, 9 q5_1).</summary>
    public string WeightTypeName => WeightType switch
    {
        0 => "f32",
        1 => "f16",
        2 => "q4_0",
        3 => "q4_1",
        7 => "q8_0",
        8 => "q5_0",
        9 => "q5_1",
        _ => $"file type {WeightType}",
    };

    /// <summary>Whether the vocabulary size is the English-only one (51864).</summary>
    public bool IsEnglishOnly => VocabularySize == 51864;

    /// <summary>Rough number of weights the dimensions imply (attention and MLP blocks plus the token embedding).</summary>
    public long ApproximateParameters =>
        (long)AudioLayers * 12 * AudioState * AudioState
        + (long)TextLayers * 16 * TextState * TextState
        + (long)VocabularySize * TextState;

    /// <summary>Reads and checks the header of <paramref name="path"/>.</summary>
    /// <remarks>
    /// The hyper-parameters and the mel filter bank shape are checked by the engine's own rules
    /// (<see cref="HyperParameterRules"/>), with the loader's messages; only the file-size floor is specific to this check.
    /// </remarks>
    /// <exception cref="ModelFormatException">Not a ggml Whisper model, or values/size that cannot be right.</exception>
    public static GgmlModelHeader Read(string path)
    {
        byte[] bytes = new byte[HeaderBytes];
        long length;
        try
        {
            using var file = File.OpenRead(path);
            length = file.Length;
            if (length < HeaderBytes)
            {
                throw new ModelFormatException($"model file {path} is {length} bytes, too small for a ggml header (truncated?)");
            }

            file.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"cannot read model file {path} ({ex.Message})", ex);
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            throw new ModelFormatException($"bad magic 0x{magic:x8} (not a whisper.cpp ggml model) in {path}");
        }

        int Int(int index) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 + 4 * index));
        var header = new GgmlModelHeader(Int(0), Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), Int(7), Int(8), Int(9), Int(10), length);
        HyperParameterRules.Validate(header.ToHyperParameters(), path);
        HyperParameterRules.ValidateMelFilters(nMel: Int(11), nFft: Int(12), header.Mels, path);
        header.CheckSize(path);
        return header;
    }

    /// <summary>The hyper-parameters as the engine's loader reads them.</summary>
    public WhisperHyperParameters ToHyperParameters() => new(
        VocabularySize, AudioContext, AudioState, AudioHeads, AudioLayers,
        TextContext, TextState, TextHeads, TextLayers, Mels, FileType);

    private void CheckSize(string path)
    {
        // The smallest weight type (4-bit blocks) takes over half a byte per weight; allow some slack for the estimate.
        long minimum = (long)(ApproximateParameters * 0.45) + (long)Mels * HyperParameterRules.MelFilterColumns * 4;
        if (FileBytes < minimum)
        {
            throw new ModelFormatException($"model file size {FileBytes} bytes is too small for these dimensions (at least {minimum} expected; truncated or corrupt) in {path}");
        }
    }
}
