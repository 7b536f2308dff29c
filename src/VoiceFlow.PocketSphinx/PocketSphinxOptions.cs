namespace VoiceFlow.PocketSphinx;

/// <summary>
/// Load-time options of the PocketSphinx engine. Paths left null are found in the model directory;
/// tuning values left null keep the library's defaults (the ones <c>pocketsphinx_batch</c> uses).
/// Every value is checked by <see cref="PocketSphinxOptionsValidator"/> before it reaches the library,
/// whose own checks are assertions that abort the process.
/// </summary>
public sealed record PocketSphinxOptions
{
    /// <summary>Debian's US English model (package pocketsphinx-en-us).</summary>
    public const string DefaultModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>A folder holding an acoustic model folder (with <c>mdef</c>), a <c>.dict</c> and a <c>.lm.bin</c>, or an acoustic model folder itself.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Acoustic model folder (<c>-hmm</c>).</summary>
    public string? AcousticModelPath { get; init; }

    /// <summary>Pronunciation dictionary (<c>-dict</c>).</summary>
    public string? DictionaryPath { get; init; }

    /// <summary>N-gram language model (<c>-lm</c>, ARPA or binary); unused when a grammar or keywords are given.</summary>
    public string? LanguageModelPath { get; init; }

    /// <summary>JSGF grammar file restricting what can be recognised.</summary>
    public string? GrammarPath { get; init; }

    /// <summary>Keyword list file for keyword spotting (one phrase per line, optional <c>/threshold/</c>).</summary>
    public string? KeywordListPath { get; init; }

    /// <summary>A single phrase to spot.</summary>
    public string? Keyphrase { get; init; }

    /// <summary>Detection threshold of <see cref="Keyphrase"/> (<c>-kws_threshold</c>), in [1e-100, 1e100].</summary>
    public double? KeywordThreshold { get; init; }

    /// <summary>Language model weight (<c>-lw</c>), in [0.5, 50]. The library aborts on 0.</summary>
    public double? LanguageWeight { get; init; }

    /// <summary>Main beam (<c>-beam</c>), in (0, 1]; smaller is wider and slower.</summary>
    public double? Beam { get; init; }

    /// <summary>Word-exit beam (<c>-wbeam</c>), in (0, 1].</summary>
    public double? WordBeam { get; init; }

    /// <summary>Word insertion penalty (<c>-wip</c>), in (0, 10].</summary>
    public double? WordInsertionPenalty { get; init; }

    /// <summary>Spectral-subtraction noise removal (<c>-remove_noise</c>); null keeps the default (on).</summary>
    public bool? RemoveNoise { get; init; }

    /// <summary>Drop silent frames with the library's VAD (<c>-remove_silence</c>); null keeps the default (on).</summary>
    public bool? RemoveSilence { get; init; }

    /// <summary>How the cepstral mean is normalised; see <see cref="PocketSphinx.CepstralMeanMode"/>.</summary>
    public CepstralMeanMode CepstralMean { get; init; } = CepstralMeanMode.Utterance;

    /// <summary>Samples fed per native call in <see cref="CepstralMeanMode.Live"/> mode, in [160, 160000].</summary>
    public int BlockSamples { get; init; } = 4096;

    /// <summary>Most decoders (each a full model copy) kept for concurrent jobs; 0 = one per core. In [0, 64].</summary>
    public int MaxDecoders { get; init; }

    /// <summary>Language the model recognises (ISO 639-1); jobs asking for another language are refused.</summary>
    public string Language { get; init; } = "en";
}
