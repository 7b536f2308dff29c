using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Ggml;

/// <summary>Range checks on a model's hyper-parameters, done before any of them sizes an allocation.</summary>
internal static class HyperParameterRules
{
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

        int ftype = hp.FType % 1000;
        if (hp.FType < 0 || ftype is not (0 or 1 or 2 or 3 or 7 or 8 or 9))
        {
            throw new ModelFormatException($"ftype {hp.FType} is not a supported weight type (f32, f16, q4_0, q4_1, q5_0, q5_1, q8_0) in {file}");
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
