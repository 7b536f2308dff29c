using System.Text.Json;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>
/// The speech corpus VoiceFlow's tests and benchmarks run on: sentences synthesised with flite voices
/// (clean, noisy at known SNRs, and long multi-sentence items), plus the human recordings of
/// pocketsphinx-testdata. Built once into a cache folder and rebuilt only when the sentences or voices change.
/// </summary>
public sealed class SpeechCorpus
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string DirectoryVariable = "VOICEFLOW_CORPUS_DIR";

    private const string ManifestName = "manifest.json";
    private const string LockName = ".build.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, CorpusItem> _byId;

    private SpeechCorpus(string directory, string hash, IReadOnlyList<CorpusItem> synthesized, IReadOnlyList<CorpusItem> recorded, bool rebuilt)
    {
        Directory = directory;
        Hash = hash;
        Synthesized = synthesized;
        Recorded = recorded;
        WasBuilt = rebuilt;
        Items = [.. synthesized, .. recorded];
        _byId = Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
    }

    /// <summary>The default flite voices, in the order sentences are assigned to them.</summary>
    public static IReadOnlyList<string> DefaultVoices { get; } = ["rms", "awb", "kal16", "slt"];

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>Hash of the recipe, voices and sentences the files were built from.</summary>
    public string Hash { get; }

    /// <summary>Whether this call synthesised the files (false when the cache was up to date).</summary>
    public bool WasBuilt { get; }

    /// <summary>The flite-made items.</summary>
    public IReadOnlyList<CorpusItem> Synthesized { get; }

    /// <summary>The pocketsphinx-testdata recordings (empty when the package is not installed).</summary>
    public IReadOnlyList<CorpusItem> Recorded { get; }

    /// <summary>Synthesised items first, then recordings.</summary>
    public IReadOnlyList<CorpusItem> Items { get; }

    /// <summary>The item with this id.</summary>
    /// <exception cref="KeyNotFoundException">No such item.</exception>
    public CorpusItem this[string id] => _byId.TryGetValue(id, out var item) ? item : throw new KeyNotFoundException($"corpus has no item '{id}'");

    /// <summary>Items of one kind.</summary>
    public IEnumerable<CorpusItem> OfKind(CorpusItemKind kind) => Items.Where(i => i.Kind == kind);

    /// <summary><c>$VOICEFLOW_CORPUS_DIR</c>, else <c>&lt;repo&gt;/.cache/corpus</c>.</summary>
    /// <exception cref="ConfigurationException">Neither is available.</exception>
    public static string DefaultDirectory()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        string root = RepositoryLocator.FindRoot()
            ?? throw new ConfigurationException($"corpus: not inside a VoiceFlow checkout; set {DirectoryVariable} or pass a directory");
        return Path.Combine(root, ".cache", "corpus");
    }

    /// <summary><c>&lt;repo&gt;/corpus/sentences.txt</c>.</summary>
    /// <exception cref="ConfigurationException">Not inside a checkout.</exception>
    public static string DefaultSentencesPath()
    {
        string root = RepositoryLocator.FindRoot()
            ?? throw new ConfigurationException("corpus: not inside a VoiceFlow checkout; pass the sentence list explicitly");
        return Path.Combine(root, "corpus", "sentences.txt");
    }

    /// <summary>
    /// Returns the corpus in <paramref name="cacheDirectory"/>, synthesising it first when it is missing or was
    /// built from other sentences or voices. Safe when several processes call it at once: builders take a
    /// file lock, build into a private folder and move the result into place.
    /// </summary>
    /// <param name="cacheDirectory">Cache folder; null for <see cref="DefaultDirectory"/>.</param>
    /// <param name="sentencesPath">Sentence list; null for <see cref="DefaultSentencesPath"/>.</param>
    /// <param name="voices">flite voices; null for <see cref="DefaultVoices"/>.</param>
    /// <param name="recordedDataDirectory">pocketsphinx-testdata folder; null for the Debian location.</param>
    /// <param name="cancellationToken">Stops a build between tool runs.</param>
    public static SpeechCorpus EnsureBuilt(
        string? cacheDirectory = null,
        string? sentencesPath = null,
        IReadOnlyList<string>? voices = null,
        string? recordedDataDirectory = null,
        CancellationToken cancellationToken = default)
    {
        string directory = Path.GetFullPath(cacheDirectory ?? DefaultDirectory());
        var recipe = new CorpusRecipe(CorpusRecipe.ReadSentences(sentencesPath ?? DefaultSentencesPath()), voices ?? DefaultVoices);
        var recorded = RecordedSpeech.Load(recordedDataDirectory ?? RecordedSpeech.DefaultDataDirectory);

        if (TryLoad(directory, recipe.Hash) is { } current)
        {
            return new SpeechCorpus(directory, recipe.Hash, current, recorded, rebuilt: false);
        }

        System.IO.Directory.CreateDirectory(directory);
        using (AcquireLock(Path.Combine(directory, LockName), cancellationToken))
        {
            // Another process may have finished the build while this one waited.
            if (TryLoad(directory, recipe.Hash) is { } builtMeanwhile)
            {
                return new SpeechCorpus(directory, recipe.Hash, builtMeanwhile, recorded, rebuilt: false);
            }

            var items = Build(directory, recipe, cancellationToken);
            return new SpeechCorpus(directory, recipe.Hash, items, recorded, rebuilt: true);
        }
    }

    private static IReadOnlyList<CorpusItem> Build(string directory, CorpusRecipe recipe, CancellationToken cancellationToken)
    {
        RemoveLeftovers(directory);
        string staging = Path.Combine(directory, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var items = new CorpusSynthesizer(recipe, staging, cancellationToken).Build();
            string manifest = Path.Combine(staging, ManifestName);
            File.WriteAllText(manifest, JsonSerializer.Serialize(new CorpusManifest(CorpusRecipe.Version, recipe.Hash, items), CorpusJsonContext.Default.CorpusManifest));

            // Swap the item folder, then publish the manifest with an atomic rename: a reader that sees the
            // new hash always finds the new files.
            string itemsFolder = Path.Combine(directory, "items");
            if (System.IO.Directory.Exists(itemsFolder))
            {
                System.IO.Directory.Move(itemsFolder, Path.Combine(directory, $".old-{Guid.NewGuid():N}"));
            }

            System.IO.Directory.Move(Path.Combine(staging, "items"), itemsFolder);
            File.Move(manifest, Path.Combine(directory, ManifestName), overwrite: true);
            RemoveLeftovers(directory);
            return Absolute(directory, items);
        }
        finally
        {
            if (System.IO.Directory.Exists(staging))
            {
                System.IO.Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static List<CorpusItem>? TryLoad(string directory, string hash)
    {
        string path = Path.Combine(directory, ManifestName);
        if (!File.Exists(path))
        {
            return null;
        }

        CorpusManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllText(path), CorpusJsonContext.Default.CorpusManifest);
        }
        catch (JsonException)
        {
            return null; // A damaged manifest is rebuilt like an outdated one.
        }

        if (manifest is null || manifest.Version != CorpusRecipe.Version || manifest.Hash != hash)
        {
            return null;
        }

        var items = Absolute(directory, manifest.Items);
        return items.All(i => File.Exists(i.Path)) ? items : null;
    }

    private static List<CorpusItem> Absolute(string directory, IEnumerable<CorpusItem> items) =>
        [.. items.Select(i => i with { Path = Path.Combine(directory, i.Path) })];

    private static void RemoveLeftovers(string directory)
    {
        // Staging folders of killed builds and replaced item folders; only ever called under the lock.
        foreach (string leftover in System.IO.Directory.GetDirectories(directory, ".tmp-*").Concat(System.IO.Directory.GetDirectories(directory, ".old-*")))
        {
            System.IO.Directory.Delete(leftover, recursive: true);
        }
    }

    private static FileStream AcquireLock(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock) that other processes respect.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException ex)
            {
                throw new VoiceFlowException($"corpus: another build has held {path} for over {LockTimeout.TotalMinutes:0} minutes", ex);
            }
        }
    }
}
