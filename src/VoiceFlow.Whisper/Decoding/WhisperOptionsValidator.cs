using System.Globalization;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>Checks decoding options against their allowed ranges and the model; each failure names the value and the range.</summary>
public static class WhisperOptionsValidator
{
    /// <summary>Largest beam or best-of count accepted.</summary>
    public const int MaxCandidates = 16;

    /// <summary>Throws <see cref="EngineException"/> when an option is out of range or does not fit the model.</summary>
    public static void Validate(WhisperDecodingOptions options, WhisperVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (options.BeamSize is < 1 or > MaxCandidates)
        {
            throw Invalid("beam size", options.BeamSize, "1..16");
        }

        if (options.BestOf is < 1 or > MaxCandidates)
        {
            throw Invalid("best-of", options.BestOf, "1..16");
        }

        if (!float.IsFinite(options.Temperature) || options.Temperature is < 0 or > 1)
        {
            throw Invalid("temperature", options.Temperature, "0..1");
        }

        if (!float.IsFinite(options.TemperatureIncrement) || options.TemperatureIncrement is < 0 or > 1)
        {
            throw Invalid("temperature increment", options.TemperatureIncrement, "0..1");
        }

        if (options.Threads is < 1 or > 1024)
        {
            throw Invalid("threads", options.Threads, "1..1024");
        }

        if (options.MaxTokensPerWindow < 0)
        {
            throw Invalid("max tokens per window", options.MaxTokensPerWindow, "0 (model limit) or more");
        }

        if (!float.IsFinite(options.MaxInitialTimestamp) || options.MaxInitialTimestamp is < 0 or > 30)
        {
            throw Invalid("max initial timestamp", options.MaxInitialTimestamp, "0..30 seconds");
        }

        if (options.CompressionRatioThreshold is { } ratio && (!float.IsFinite(ratio) || ratio <= 0))
        {
            throw Invalid("compression ratio threshold", ratio, "a positive number, or none");
        }

        if (!float.IsFinite(options.NoSpeechThreshold) || options.NoSpeechThreshold is < 0 or > 1)
        {
            throw Invalid("no-speech threshold", options.NoSpeechThreshold, "0..1");
        }

        ValidateLanguage(options.Language, options.Translate, vocabulary);
    }

    /// <summary>Checks the alignment heads against the model when word timestamps are on.</summary>
    public static void ValidateAlignment(WhisperDecodingOptions options, Inference.WhisperHyperParameters hp)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WordTimestamps)
        {
            Alignment.AlignmentHeads.Resolve(options.AlignmentHeads, hp);
        }
    }

    /// <summary>Checks that the model can decode <paramref name="language"/> (and translate when asked).</summary>
    public static void ValidateLanguage(string? language, bool translate, WhisperVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (WhisperTranscriber.IsAuto(language))
        {
            if (translate && !vocabulary.IsMultilingual)
            {
                throw new UnsupportedOptionException("Whisper translation needs a multilingual model; this model is English-only (*.en).");
            }

            return;
        }

        var index = WhisperLanguages.IndexOf(language!);
        if (index < 0)
        {
            throw new UnsupportedOptionException(
                $"Whisper language '{language}' is unknown; use an ISO 639-1 code such as 'en', 'de', 'fr', or 'auto'.");
        }

        if (!vocabulary.IsMultilingual)
        {
            if (index != 0)
            {
                throw new UnsupportedOptionException(
                    $"Whisper language '{language}' needs a multilingual model; this model is English-only (*.en): use 'en'.");
            }

            if (translate)
            {
                throw new UnsupportedOptionException("Whisper translation needs a multilingual model; this model is English-only (*.en).");
            }
        }
        else if (index >= vocabulary.LanguageCount)
        {
            throw new UnsupportedOptionException(
                $"Whisper language '{language}' is not supported by this model (it knows {vocabulary.LanguageCount} languages).");
        }
    }

    private static EngineException Invalid(string name, float value, string range) =>
        new($"Whisper {name} {value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {range}.");
}
