using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Vad;

/// <summary>Which voice activity detector to build, and Silero's model and settings (vad_detector, vad_silero_*, vad_threshold).</summary>
public sealed record SpeechDetectorSelection
{
    /// <summary>auto, silero or energy.</summary>
    public string Detector { get; init; } = "auto";

    /// <summary>vad_silero_model: an explicit ONNX file; null for the installed release.</summary>
    public string? SileroModelPath { get; init; }

    /// <summary>vad_silero_version: the release looked up in the models folder.</summary>
    public SileroModelVersion SileroVersion { get; init; } = SileroModelVersion.V6;

    /// <summary>Silero's segmentation (vad_threshold; the durations are silero-vad's defaults).</summary>
    public SileroVadOptions Silero { get; init; } = new();

    /// <summary>The Silero file this selection uses in <paramref name="modelsDirectory"/>.</summary>
    public string SileroModelIn(string modelsDirectory) => SileroModelPath ?? Path.Combine(modelsDirectory, SileroVersion.FileName);

    /// <summary>The selection the configuration asks for.</summary>
    public static SpeechDetectorSelection From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SpeechDetectorSelection
        {
            Detector = options.VadDetector,
            SileroModelPath = string.IsNullOrWhiteSpace(options.VadSileroModel) ? null : options.VadSileroModel,
            SileroVersion = SileroModelVersion.FromName(options.VadSileroVersion)
                ?? throw new Errors.ConfigurationException($"vad_silero_version = {options.VadSileroVersion} is not a Silero VAD release (allowed: v5, v6)"),
            Silero = new SileroVadOptions { Threshold = (float)options.VadThreshold },
        };
    }
}
