using System.Globalization;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx;

/// <summary>Range checks for <see cref="PocketSphinxOptions"/>; every failure names the option, value and allowed range.</summary>
public static class PocketSphinxOptionsValidator
{
    /// <summary>Throws <see cref="EngineException"/> for the first invalid option.</summary>
    public static void Validate(PocketSphinxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckRange("language weight (-lw)", options.LanguageWeight, 0.5, 50, lowInclusive: true);
        CheckRange("beam (-beam)", options.Beam, 0, 1, lowInclusive: false);
        CheckRange("word beam (-wbeam)", options.WordBeam, 0, 1, lowInclusive: false);
        CheckRange("word insertion penalty (-wip)", options.WordInsertionPenalty, 0, 10, lowInclusive: false);
        CheckRange("keyword threshold (-kws_threshold)", options.KeywordThreshold, 1e-100, 1e100, lowInclusive: true);

        if (options.BlockSamples is < 160 or > 160_000)
        {
            throw Invalid("block size", options.BlockSamples.ToString(CultureInfo.InvariantCulture), "[160, 160000] samples");
        }

        if (options.MaxDecoders is < 0 or > 64)
        {
            throw Invalid("max decoders", options.MaxDecoders.ToString(CultureInfo.InvariantCulture), "[0, 64] (0 = one per core)");
        }

        if (!Enum.IsDefined(options.CepstralMean))
        {
            throw Invalid("cepstral mean mode", options.CepstralMean.ToString(), "Utterance or Live");
        }

        if (string.IsNullOrWhiteSpace(options.Language))
        {
            throw new EngineException("PocketSphinx option language is empty: give the model's ISO 639-1 code (e.g. \"en\")");
        }

        var searches = (options.GrammarPath is null ? 0 : 1) + (options.KeywordListPath is null ? 0 : 1) + (options.Keyphrase is null ? 0 : 1);
        if (searches > 1)
        {
            throw new EngineException("PocketSphinx options grammar, keyword list and keyphrase exclude each other: give at most one");
        }

        if (options.Keyphrase is not null && string.IsNullOrWhiteSpace(options.Keyphrase))
        {
            throw new EngineException("PocketSphinx option keyphrase is empty: give the words to spot");
        }

        if (options.KeywordThreshold is not null && options.Keyphrase is null)
        {
            throw new EngineException("PocketSphinx option keyword threshold needs a keyphrase (a keyword list file carries its own thresholds)");
        }
    }

    private static void CheckRange(string name, double? value, double low, double high, bool lowInclusive)
    {
        if (value is not { } v)
        {
            return;
        }

        var aboveLow = lowInclusive ? v >= low : v > low;
        if (!double.IsFinite(v) || !aboveLow || v > high)
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"{(lowInclusive ? "[" : "(")}{low:G}, {high:G}]");
            throw Invalid(name, v.ToString("G", CultureInfo.InvariantCulture), range);
        }
    }

    private static EngineException Invalid(string name, string value, string range) =>
        new($"PocketSphinx option {name} = {value} is out of range: allowed {range}");
}
