using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Vad;

/// <summary>Builds the configured <see cref="ISpeechDetector"/> (the composition root calls this once).</summary>
public static class SpeechDetectors
{
    /// <summary>vad_detector's values.</summary>
    public const string Auto = "auto";

    /// <summary>
    /// The detector <paramref name="selection"/> asks for. A missing Silero model is never an error: the energy detector
    /// is used with one line saying so (information for auto, a warning when silero was asked for).
    /// </summary>
    /// <param name="selection">vad_detector and Silero's model and settings.</param>
    /// <param name="modelsDirectory">Where installed models live.</param>
    /// <param name="energy">The energy detector's settings.</param>
    /// <param name="logger">Where the fallback line goes; null for nowhere.</param>
    /// <exception cref="ModelFormatException">The Silero file exists but is unreadable, corrupt or not Silero VAD v5/v6 (the message names it).</exception>
    /// <exception cref="ConfigurationException">An unknown detector name or an out-of-range setting.</exception>
    public static ISpeechDetector Create(SpeechDetectorSelection selection, string modelsDirectory, VadOptions? energy = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(modelsDirectory);
        switch (selection.Detector)
        {
            case EnergySpeechDetector.DetectorName:
                return new EnergySpeechDetector(energy);
            case SileroSpeechDetector.DetectorName or Auto:
                string path = selection.SileroModelIn(modelsDirectory);
                if (File.Exists(path))
                {
                    return new SileroSpeechDetector(SileroModel.Load(path), selection.Silero);
                }

                logger?.Log(selection.Detector == Auto ? LogLevel.Information : LogLevel.Warning,
                    "voice detector: energy (no Silero VAD model at {Path}; 'voiceflow models download silero-vad' installs it)", path);
                return new EnergySpeechDetector(energy);
            default:
                throw new ConfigurationException($"vad_detector = {selection.Detector} is not a detector (allowed: auto, silero, energy)");
        }
    }
}
