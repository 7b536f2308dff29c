using VoiceFlow.Core.Errors;
using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.PocketSphinx.Tests;

/// <summary>Bad options end in a one-line <see cref="EngineException"/>; none may reach a native assertion (which would kill the test host).</summary>
public class InvalidConfigurationTests
{
    public static TheoryData<PocketSphinxOptions, string> OutOfRange => new()
    {
        { new PocketSphinxOptions { LanguageWeight = 0 }, "-lw" }, // aborts inside the library if passed on
        { new PocketSphinxOptions { LanguageWeight = -1 }, "-lw" },
        { new PocketSphinxOptions { LanguageWeight = double.NaN }, "-lw" },
        { new PocketSphinxOptions { LanguageWeight = 51 }, "-lw" },
        { new PocketSphinxOptions { Beam = 0 }, "-beam" },
        { new PocketSphinxOptions { Beam = 2 }, "-beam" },
        { new PocketSphinxOptions { WordBeam = double.PositiveInfinity }, "-wbeam" },
        { new PocketSphinxOptions { WordInsertionPenalty = 0 }, "-wip" },
        { new PocketSphinxOptions { Keyphrase = "go", KeywordThreshold = 0 }, "-kws_threshold" },
        { new PocketSphinxOptions { BlockSamples = 10 }, "block size" },
        { new PocketSphinxOptions { MaxDecoders = -1 }, "max decoders" },
        { new PocketSphinxOptions { CepstralMean = (CepstralMeanMode)7 }, "cepstral mean" },
        { new PocketSphinxOptions { Keyphrase = "go", GrammarPath = "x.gram" }, "exclude each other" },
        { new PocketSphinxOptions { Keyphrase = " " }, "keyphrase is empty" },
        { new PocketSphinxOptions { KeywordThreshold = 1e-5 }, "needs a keyphrase" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Out_of_range_options_are_rejected_before_the_library_sees_them(PocketSphinxOptions options, string named)
    {
        var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(options));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Boundary_values_are_accepted_and_load()
    {
        SpeechTestData.RequireAll();
        using var dictionary = new SmallDictionary(["go", "forward"]);
        var languageModel = SmallDictionary.WriteUnigramModel(["go", "forward"]);
        try
        {
            foreach (var languageWeight in (double[])[0.5, 50])
            {
                var options = new PocketSphinxOptions
                {
                    LanguageWeight = languageWeight, Beam = 1, WordBeam = 1e-80, WordInsertionPenalty = 10,
                    DictionaryPath = dictionary.Path, LanguageModelPath = languageModel,
                };

                PocketSphinxOptionsValidator.Validate(options);
                using var decoder = NativeDecoder.Create(options, PocketSphinxModelPaths.Resolve(options));
                Assert.Empty(decoder.Decode(new float[8000], TestContext.Current.CancellationToken).Text);
            }
        }
        finally
        {
            File.Delete(languageModel);
        }
    }

    [Fact]
    public void Missing_model_directory_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), "voiceflow-no-such-model");
        var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(modelPath: missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_without_acoustic_model_is_named()
    {
        var empty = Directory.CreateTempSubdirectory("voiceflow-empty-model-");
        try
        {
            var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(modelPath: empty.FullName));
            Assert.Contains("no acoustic model", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Incomplete_acoustic_model_is_named()
    {
        var model = Directory.CreateTempSubdirectory("voiceflow-partial-model-");
        try
        {
            File.WriteAllText(Path.Combine(model.FullName, "mdef"), "not a model");
            var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(modelPath: model.FullName));
            Assert.Contains("'means' is missing", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            model.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("means", 1000)] // truncated: the library would exit the process
    [InlineData("transition_matrices", 0)]
    [InlineData("mdef", 3)]
    public void Damaged_acoustic_model_file_is_named_before_the_library_reads_it(string file, int keepBytes)
    {
        SpeechTestData.RequireAll();
        var model = Directory.CreateTempSubdirectory("voiceflow-damaged-model-");
        try
        {
            foreach (var source in Directory.EnumerateFiles(Path.Combine(PocketSphinxOptions.DefaultModelDirectory, "en-us")))
            {
                File.Copy(source, Path.Combine(model.FullName, Path.GetFileName(source)));
            }

            var damaged = Path.Combine(model.FullName, file);
            using (var stream = File.OpenWrite(damaged))
            {
                stream.SetLength(keepBytes);
            }

            var error = Assert.Throws<ModelFormatException>(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { AcousticModelPath = model.FullName }));
            Assert.Contains(damaged, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            model.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_dictionary_path_is_named()
    {
        SpeechTestData.RequireAll();
        var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { DictionaryPath = "/nonexistent/words.dict" }));

        Assert.Contains("dictionary file '/nonexistent/words.dict' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grammar_with_unknown_words_is_reported()
    {
        SpeechTestData.RequireAll();
        var grammar = Path.Combine(SpeechTestData.DataDirectory, "defective.gram");
        using var dictionary = new SmallDictionary(["go", "forward"]);
        var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { GrammarPath = grammar, DictionaryPath = dictionary.Path }));

        Assert.Contains(grammar, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grammar_with_bad_syntax_is_reported()
    {
        SpeechTestData.RequireAll();
        using var grammar = new TempFile("gram", "#JSGF V1.0;\ngrammar broken;\npublic <a> = ( go forward ;\n");
        using var dictionary = new SmallDictionary(["go", "forward"]);
        var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { GrammarPath = grammar.Path, DictionaryPath = dictionary.Path }));

        Assert.Contains("not valid JSGF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_language_model_is_reported()
    {
        SpeechTestData.RequireAll();
        using var lm = new TempFile("lm.bin", "this is not an n-gram model");
        using var dictionary = new SmallDictionary(["go", "forward"]);
        var error = Assert.Throws<EngineException>(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { LanguageModelPath = lm.Path, DictionaryPath = dictionary.Path }));

        Assert.Contains($"language model '{lm.Path}'", error.Message, StringComparison.Ordinal);
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string extension, string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"voiceflow-{Guid.NewGuid():N}.{extension}");
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
