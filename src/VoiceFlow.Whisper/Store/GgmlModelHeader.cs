using System.Buffers.Binary;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Whisper.Store;

/// <summary>
/// The start of a whisper.cpp ggml model file: magic 0x67676d6c, 11 int32 hyper-parameters, then the mel filter
/// bank header. <see cref="Read"/> checks every value against sane ranges and the file size against the weights
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
    public int WeightType => FileType % 1000;

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
                throw new ModelFormatException($"{path}: {length} bytes is too short for a whisper.cpp ggml model");
            }

            file.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"{path}: cannot read ({ex.Message})", ex);
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            throw new ModelFormatException($"{path}: not a whisper.cpp ggml model (magic 0x{magic:x8}, expected 0x{Magic:x8})");
        }

        int Int(int index) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 + 4 * index));
        var header = new GgmlModelHeader(Int(0), Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), Int(7), Int(8), Int(9), Int(10), length);
        header.Check(path, melRows: Int(11), melColumns: Int(12));
        return header;
    }

    private void Check(string path, int melRows, int melColumns)
    {
        InRange(path, "n_vocab", VocabularySize, 1_000, 1_000_000);
        InRange(path, "n_audio_ctx", AudioContext, 1, 100_000);
        InRange(path, "n_audio_state", AudioState, 1, 16_384);
        InRange(path, "n_audio_head", AudioHeads, 1, 256);
        InRange(path, "n_audio_layer", AudioLayers, 1, 256);
        InRange(path, "n_text_ctx", TextContext, 1, 100_000);
        InRange(path, "n_text_state", TextState, 1, 16_384);
        InRange(path, "n_text_head", TextHeads, 1, 256);
        InRange(path, "n_text_layer", TextLayers, 1, 256);
        InRange(path, "n_mels", Mels, 1, 512);
        InRange(path, "ftype", FileType, 0, 10_999);
        InRange(path, "ftype % 1000", WeightType, 0, 40);
        if (AudioState % AudioHeads != 0 || TextState % TextHeads != 0)
        {
            throw new ModelFormatException($"{path}: state sizes ({AudioState}, {TextState}) are not divisible by the head counts ({AudioHeads}, {TextHeads})");
        }

        if (melRows != Mels || melColumns != 201)
        {
            throw new ModelFormatException($"{path}: mel filter bank is [{melRows}][{melColumns}], expected [{Mels}][201]");
        }

        // The smallest weight type (4-bit blocks) takes over half a byte per weight; allow some slack for the estimate.
        long minimum = (long)(ApproximateParameters * 0.45) + (long)Mels * 201 * 4;
        if (FileBytes < minimum)
        {
            throw new ModelFormatException($"{path}: {FileBytes} bytes is too small for these dimensions (at least {minimum} expected); the file is truncated or corrupt");
        }
    }

    private static void InRange(string path, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ModelFormatException($"{path}: hyper-parameter {name} = {value} is out of range ({min}..{max}); not a valid whisper.cpp model");
        }
    }
}
