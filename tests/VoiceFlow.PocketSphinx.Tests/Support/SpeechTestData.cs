namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>
/// Locates Debian's pocketsphinx-testdata (real read speech with transcripts) and the en-us model.
/// VOICEFLOW_POCKETSPHINX_TESTDATA overrides the data folder. Tests skip with a message when absent.
/// </summary>
internal static class SpeechTestData
{
    public const string DefaultDataDirectory = "/usr/share/pocketsphinx/test/data";

    public static string DataDirectory =>
        Environment.GetEnvironmentVariable("VOICEFLOW_POCKETSPHINX_TESTDATA") is { Length: > 0 } dir ? dir : DefaultDataDirectory;

    public static string LibrivoxDirectory => Path.Combine(DataDirectory, "librivox");

    public static string CardsDirectory => Path.Combine(DataDirectory, "cards");

    /// <summary>Skips the test unless the library, the en-us model and the recordings are installed.</summary>
    public static void RequireAll()
    {
        if (!new PocketSphinxEngineProvider().IsAvailable(null, out var reason))
        {
            Assert.Skip($"PocketSphinx unavailable: {reason}");
        }

        if (!File.Exists(Path.Combine(LibrivoxDirectory, "transcription")))
        {
            Assert.Skip($"pocketsphinx-testdata is not installed ({LibrivoxDirectory} missing): apt-get install pocketsphinx-testdata");
        }
    }

    /// <summary>The librivox utterances: id, audio path and reference transcript.</summary>
    public static IReadOnlyList<Utterance> Librivox() => ReadCorpus(LibrivoxDirectory, "fileids", "transcription");

    /// <summary>The playing-card utterances of the cards.gram grammar.</summary>
    public static IReadOnlyList<Utterance> Cards() => ReadCorpus(CardsDirectory, "cards.fileids", "cards.transcription");

    public static Utterance LibrivoxUtterance(string idSuffix) => Librivox().Single(u => u.Id.EndsWith(idSuffix, StringComparison.Ordinal));

    /// <summary>Reads Sphinx's transcription format: "&lt;s&gt; words &lt;/s&gt; (id)" per line.</summary>
    private static List<Utterance> ReadCorpus(string directory, string fileIds, string transcription)
    {
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(directory, transcription)))
        {
            var open = line.LastIndexOf('(');
            if (open < 0)
            {
                continue;
            }

            var id = line[(open + 1)..].TrimEnd().TrimEnd(')');
            var words = line[..open].Replace("<s>", " ", StringComparison.Ordinal).Replace("</s>", " ", StringComparison.Ordinal);
            references[id] = string.Join(' ', words.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return [.. File.ReadLines(Path.Combine(directory, fileIds))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .Select(id => new Utterance(id, Path.Combine(directory, id + ".wav"), references[id]))];
    }
}

internal sealed record Utterance(string Id, string AudioPath, string Reference)
{
    public float[] Samples() => PcmFile.ReadSamples(AudioPath);
}
