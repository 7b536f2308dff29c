using System.Globalization;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>
/// Makes the corpus files of a <see cref="CorpusRecipe"/> with flite and sox. Every sox call runs with -R
/// (repeatable: fixed random seed for noise and dither), so a rebuild produces identical bytes.
/// </summary>
internal sealed class CorpusSynthesizer
{
    private const string ItemsFolder = "items";

    // The rate must be given before -n: otherwise sox generates at its 48 kHz default and resamples,
    // so a length in samples ("16000s") would come out a third as long.
    private static readonly string[] NullInput = ["-r", "16000", "-c", "1", "-n"];
    private readonly CorpusRecipe _recipe;
    private readonly string _root;
    private readonly string _work;
    private readonly CancellationToken _cancellationToken;

    /// <param name="recipe">What to make.</param>
    /// <param name="root">Empty folder that receives <c>items/*.wav</c>; item paths are made relative to it.</param>
    /// <param name="cancellationToken">Stops the build between tool runs.</param>
    public CorpusSynthesizer(CorpusRecipe recipe, string root, CancellationToken cancellationToken)
    {
        _recipe = recipe;
        _root = root;
        _work = Path.Combine(root, "work");
        _cancellationToken = cancellationToken;
    }

    /// <summary>Synthesises every item and returns them with paths relative to the root folder.</summary>
    public IReadOnlyList<CorpusItem> Build()
    {
        Directory.CreateDirectory(Path.Combine(_root, ItemsFolder));
        Directory.CreateDirectory(_work);

        var clean = new CorpusItem[_recipe.Sentences.Count];
        var cleanSamples = new float[_recipe.Sentences.Count][];
        // flite and sox are single-threaded; two at a time uses both cores of a typical runner.
        Parallel.For(0, clean.Length, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = _cancellationToken }, i =>
        {
            (clean[i], cleanSamples[i]) = MakeClean(i);
        });

        var items = new List<CorpusItem>(clean);
        foreach (var (index, noise, snr) in _recipe.NoisyVariants())
        {
            items.Add(MakeNoisy(clean[index], cleanSamples[index], noise, snr));
        }

        var groups = _recipe.LongItemGroups([.. cleanSamples.Select(s => s.Length)]);
        for (int g = 0; g < groups.Count; g++)
        {
            items.Add(MakeLong($"long{g + 1}", groups[g], clean, cleanSamples));
        }

        Directory.Delete(_work, recursive: true);
        return items;
    }

    private (CorpusItem Item, float[] Samples) MakeClean(int index)
    {
        string id = _recipe.CleanId(index);
        string voice = _recipe.VoiceOf(index);
        string text = _recipe.Sentences[index];
        string raw = Path.Combine(_work, id + ".flite.wav");
        string file = ItemPath(id);
        ExternalTool.Run("flite", "flite", ["-voice", voice, "-t", text, "-o", raw], _cancellationToken);
        Sox([raw, "-r", "16000", "-c", "1", "-b", "16", Absolute(file)]);
        float[] samples = Pcm16Wave.Read(Absolute(file));
        return (new CorpusItem(id, file, text, voice, CorpusItemKind.Clean, Seconds(samples.Length)), samples);
    }

    private CorpusItem MakeNoisy(CorpusItem clean, float[] cleanSamples, string noise, double snrDb)
    {
        string id = $"{clean.Id}-{(noise == "whitenoise" ? "white" : "pink")}{snrDb:0}db";
        int pad = CorpusRecipe.NoisePaddingSamples;
        int total = cleanSamples.Length + 2 * pad;
        string padded = Path.Combine(_work, id + ".padded.wav");
        string noiseFile = Path.Combine(_work, id + ".noise.wav");
        Sox([Absolute(clean.Path), padded, "pad", $"{pad}s", $"{pad}s"]);
        Sox([.. NullInput, "-b", "16", noiseFile, "synth", $"{total}s", noise]);

        float[] noiseSamples = Pcm16Wave.Read(noiseFile);
        double speechRms = SpeechReference.ActiveSpeechRms(cleanSamples);
        double noiseRms = Rms(noiseSamples);
        double noiseGain = speechRms / (noiseRms * Math.Pow(10, snrDb / 20));
        // Scale the whole mix down when its worst-case peak would clip; the SNR is unchanged by a common gain.
        double peak = PeakOf(cleanSamples) + PeakOf(noiseSamples) * noiseGain;
        double mixGain = Math.Min(1.0, 0.95 / peak);
        string file = ItemPath(id);
        Sox(["-m", "-v", Format(mixGain), padded, "-v", Format(noiseGain * mixGain), noiseFile, "-b", "16", Absolute(file)]);

        return new CorpusItem(id, file, clean.ReferenceText, clean.Voice, CorpusItemKind.Noisy, Seconds(total))
        {
            Noise = noise,
            SnrDb = snrDb,
            SourceId = clean.Id,
            PaddingSamples = pad,
        };
    }

    private CorpusItem MakeLong(string id, IReadOnlyList<int> sentences, CorpusItem[] clean, float[][] cleanSamples)
    {
        var arguments = new List<string>();
        var spans = new List<CorpusSpan>();
        long position = 0;
        foreach (int index in sentences)
        {
            arguments.Add(Absolute(clean[index].Path));
            spans.Add(new CorpusSpan(position, position + cleanSamples[index].Length, clean[index].ReferenceText));
            position += cleanSamples[index].Length;

            int gap = CorpusRecipe.LongItemGapSamples[index % CorpusRecipe.LongItemGapSamples.Length];
            string silence = Path.Combine(_work, $"silence{gap}.wav");
            if (!File.Exists(silence))
            {
                Sox([.. NullInput, "-b", "16", silence, "trim", "0", $"{gap}s"]);
            }

            arguments.Add(silence);
            position += gap;
        }

        string file = ItemPath(id);
        arguments.Add(Absolute(file));
        Sox(arguments);
        return new CorpusItem(id, file, string.Join(' ', spans.Select(s => s.Text)), "mixed", CorpusItemKind.Long, Seconds(position))
        {
            Spans = spans,
        };
    }

    private void Sox(IReadOnlyList<string> arguments) =>
        ExternalTool.Run("sox", "sox", ["-R", "-q", .. arguments], _cancellationToken);

    private static string ItemPath(string id) => Path.Combine(ItemsFolder, id + ".wav");

    private string Absolute(string relative) => Path.Combine(_root, relative);

    private static double Seconds(long samples) => samples / (double)AudioFormat.RecognizerSampleRate;

    private static string Format(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private static double Rms(float[] samples) => Math.Sqrt(samples.Sum(s => (double)s * s) / Math.Max(1, samples.Length));

    private static double PeakOf(float[] samples) => samples.Length == 0 ? 0 : samples.Max(MathF.Abs);
}
