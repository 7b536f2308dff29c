using System.Globalization;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Engine;

/// <summary>Maps the engine-neutral <see cref="TranscriptionOptions"/> to Whisper decoding parameters, rejecting invalid values.</summary>
public static class WhisperOptionsMapper
{
    /// <summary>Threads used when the options say 0: whisper.cpp's default, min(4, cores).</summary>
    public static int DefaultThreads => Math.Min(4, Environment.ProcessorCount);

    /// <summary>Builds validated decoding options; throws <see cref="EngineException"/> naming the bad value and its range.</summary>
    public static WhisperDecodingOptions Map(TranscriptionOptions options, WhisperVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (options.Threads < 0)
        {
            throw Invalid("threads", options.Threads, "0 (automatic) or 1..1024");
        }

        // The engine contract says a beam of 1 or less is greedy; negative values are mistakes.
        if (options.BeamSize < 0 || options.BeamSize > WhisperOptionsValidator.MaxCandidates)
        {
            throw Invalid("beam size", options.BeamSize, "1..16 (0 or 1 = greedy)");
        }

        var decoding = new WhisperDecodingOptions
        {
            Strategy = options.BeamSize > 1 ? WhisperSamplingStrategy.BeamSearch : WhisperSamplingStrategy.Greedy,
            BeamSize = Math.Max(1, options.BeamSize),
            BestOf = options.BestOf,
            Temperature = options.Temperature,
            TemperatureIncrement = options.TemperatureFallback ? 0.2f : 0f,
            NoTimestamps = !options.Timestamps,
            TokenTimestamps = options.TokenTimestamps,
            WordTimestamps = options.WordTimestamps,
            AlignmentHeads = string.IsNullOrWhiteSpace(options.AlignmentHeads) ? Alignment.AlignmentHeads.Auto : options.AlignmentHeads.Trim(),
            Language = string.IsNullOrWhiteSpace(options.Language) ? "auto" : options.Language.Trim(),
            Translate = options.Translate,
            InitialPrompt = string.IsNullOrWhiteSpace(options.Prompt) ? null : options.Prompt,
            ConditionOnPreviousText = options.ConditionOnPreviousText,
            Threads = options.Threads == 0 ? DefaultThreads : options.Threads,
        };
        WhisperOptionsValidator.Validate(decoding, vocabulary);
        return decoding;
    }

    private static EngineException Invalid(string name, int value, string range) =>
        new($"Whisper {name} {value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {range}.");
}
