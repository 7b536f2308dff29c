using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Ggml;

/// <summary>
/// Range checks on a model's hyper-parameters, done before any of them sizes an allocation. The single source of the
/// engine's limits: both the loader (<see cref="GgmlModelFile"/>) and <c>GgmlModelHeader.Read</c> (models verify,
/// download validation) call it, so a file that verifies is a file the engine accepts.
/// </summary>
internal static class HyperParameterRules
{
    /// <summary>ggml's GGML_QNT_VERSION_FACTOR: ftype = weight type + quantization version * 1000.</summary>
    public const int QuantizationVersionFactor = 1000;

    /// <summary>Highest quantization version whisper.cpp writes (files carry 0..2).</summary>
    public const int MaxQuantizationVersion = 2;

    /// <summary>Columns of the mel filter bank (n_fft of a 400-point FFT).</summary>
    public const int MelFilterColumns = 201;

    public static void Validate(WhisperHyperParameters hp, string file)
    {
        Check("n_vocab", hp.NVocab, 1, 1_000_000, file);
        Check("n_audio_ctx", hp.NAudioCtx, 1, 1500, file);
        Check("n_audio_state", hp.NAudioState, 8, 8192, file);
        Check("n_audio_head", hp.NAudioHead, 1, 128, file);
        Check("n_audio_layer", hp.NAudioLayer, 1, 128, file);
        Check("n_text_ctx", hp.NTextCtx, 1, 4096, file);
        Check("n_text_state", hp.NTextState, 8, 8192, file);
        Check("n_text_head", hp.NTextHead, 1, 128, file);
        Check("n_text_layer", hp.NTextLayer, 1, 128, file);
        Check("n_mels", hp.NMels, 1, 256, file);
        if (hp.NAudioState % hp.NAudioHead != 0)
        {
            throw new ModelFormatException($"n_audio_state {hp.NAudioState} is not a multiple of n_audio_head {hp.NAudioHead} in {file}");
        }

        if (hp.NTextState % hp.NTextHead != 0)
        {
            throw new ModelFormatException($"n_text_state {hp.NTextState} is not a multiple of n_text_head {hp.NTextHead} in {file}");
        }

        if (hp.NAudioState != hp.NTextState)
        {
            throw new ModelFormatException($"n_audio_state {hp.NAudioState} differs from n_text_state {hp.NTextState} in {file}");
        }

        int ftype = hp.FType % QuantizationVersionFactor;
        if (hp.FType < 0 || ftype is not (0 or 1 or 2 or 3 or 7 or 8 or 9))
        {
            throw new ModelFormatException($"ftype {hp.FType} is not a supported weight type (f32, f16, q4_0, q4_1, q5_0, q5_1, q8_0) in {file}");
        }

        int version = hp.FType / QuantizationVersionFactor;
        if (version > MaxQuantizationVersion)
        {
            throw new ModelFormatException(
                $"ftype {hp.FType}: quantization version {version} is unknown (whisper.cpp writes 0..{MaxQuantizationVersion}); "
                + $"re-quantize the model with a current whisper.cpp 'quantize' in {file}");
        }

        if (version < OldestQuantizationVersion(ftype))
        {
            throw new ModelFormatException(
                $"ftype {hp.FType}: {TypeName(ftype)} weights of quantization version {version} use an older block layout "
                + $"(current: {MaxQuantizationVersion}); re-quantize the model with a current whisper.cpp 'quantize' in {file}");
        }
    }

    /// <summary>
    /// The oldest quantization version whose blocks this engine reads for weight type <paramref name="ftype"/>:
    /// ggml changed the bit order of every quantized type in version 1 and the q4_0/q4_1/q8_0 scales to f16 in
    /// version 2 (q5_0/q5_1 had f16 scales already). f32/f16 files carry no quantization version.
    /// </summary>
    private static int OldestQuantizationVersion(int ftype) => ftype switch
    {
        0 or 1 => 0,
        8 or 9 => 1,
        _ => 2,
    };

    private static string TypeName(int ftype) => ftype switch
    {
        2 => "q4_0",
        3 => "q4_1",
        7 => "q8_0",
        8 => "q5_0",
        9 => "q5_1",
        1 => "f16",
        _ => "f32",
    };

    /// <summary>Checks the mel filter bank header, <c>[n_mel][n_fft]</c>, against <paramref name="nMels"/> and 201.</summary>
    public static void ValidateMelFilters(int nMel, int nFft, int nMels, string file)
    {
        if (nMel != nMels)
        {
            throw new ModelFormatException($"mel filters n_mel {nMel} differs from n_mels {nMels} in {file}");
        }

        if (nFft != MelFilterColumns)
        {
            throw new ModelFormatException($"mel filters n_fft {nFft} is not {MelFilterColumns} (400-point FFT) in {file}");
        }
    }

    private static void Check(string name, int value, int min, int max, string file)
    {
        if (value < min || value > max)
        {
            throw new ModelFormatException($"hyper-parameter {name} = {value} is outside {min}..{max} in {file}");
        }
    }
}
