using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Configuration;

/// <summary>Conversions from the effective configuration to the per-component option types.</summary>
public static class VoiceFlowOptionsExtensions
{
    /// <summary>The per-job engine options this configuration asks for (language, prompt, threads, decoding search).</summary>
    public static TranscriptionOptions ToTranscriptionOptions(this VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TranscriptionOptions
        {
            Language = options.Language,
            Prompt = options.Prompt,
            Threads = options.Threads,
            BeamSize = options.BeamSize,
            BestOf = options.BestOf,
            Temperature = (float)options.Temperature,
            TemperatureFallback = options.TemperatureFallback,
            ConditionOnPreviousText = options.ConditionOnPreviousText,
            Translate = options.Task == "translate",
            WordTimestamps = options.WordTimestamps,
            AlignmentHeads = options.AlignmentHeads,
        };
    }
}
