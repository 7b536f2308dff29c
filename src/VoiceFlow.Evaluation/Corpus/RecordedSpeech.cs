using System.Text.RegularExpressions;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>
/// Real read speech with transcripts from Debian's pocketsphinx-testdata (cards, librivox, ...).
/// Each folder pairs a file-id list (<c>*.fileids</c> or <c>fileids</c>) with a transcript file
/// (<c>*.transcription</c> or <c>transcription</c>, lines <c>&lt;s&gt; text &lt;/s&gt; (id)</c>);
/// audio is <c>id.wav</c> (16 kHz mono PCM) or <c>id.raw</c> (headerless s16le at 16 kHz).
/// </summary>
public static partial class RecordedSpeech
{
    /// <summary>Where the Debian package installs its data.</summary>
    public const string DefaultDataDirectory = "/usr/share/pocketsphinx/test/data";

    /// <summary>Every recording with a transcript under <paramref name="dataDirectory"/>; empty when the package is not installed.</summary>
    public static IReadOnlyList<CorpusItem> Load(string dataDirectory = DefaultDataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
        {
            return [];
        }

        var items = new List<CorpusItem>();
        foreach (string folder in Directory.GetDirectories(dataDirectory).Order(StringComparer.Ordinal))
        {
            string? fileIds = FindFile(folder, "fileids");
            string? transcription = FindFile(folder, "transcription");
            if (fileIds is null || transcription is null)
            {
                continue;
            }

            var texts = ReadTranscription(transcription);
            foreach (string id in File.ReadAllLines(fileIds).Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (!texts.TryGetValue(Path.GetFileName(id), out string? text))
                {
                    continue;
                }

                string wav = Path.Combine(folder, id + ".wav");
                string raw = Path.Combine(folder, id + ".raw");
                bool isRaw = !File.Exists(wav);
                string path = isRaw ? raw : wav;
                if (!File.Exists(path))
                {
                    continue;
                }

                var item = new CorpusItem($"{Path.GetFileName(folder)}-{Path.GetFileName(id)}", path, text, "human", CorpusItemKind.Recorded, 0)
                {
                    IsRawPcm = isRaw,
                };
                items.Add(item with { DurationSeconds = item.LoadSamples().Length / 16_000.0 });
            }
        }

        return items;
    }

    /// <summary>Parses transcript lines <c>&lt;s&gt; text &lt;/s&gt; (id)</c> (the sentence markers are optional).</summary>
    internal static Dictionary<string, string> ReadTranscription(string path)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(path))
        {
            var match = TranscriptLine().Match(line);
            if (match.Success)
            {
                string text = string.Join(' ', match.Groups["text"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                texts[match.Groups["id"].Value] = text;
            }
        }

        return texts;
    }

    private static string? FindFile(string folder, string suffix) =>
        Directory.GetFiles(folder)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(f => Path.GetFileName(f) == suffix || f.EndsWith("." + suffix, StringComparison.Ordinal));

    [GeneratedRegex(@"^\s*(<s>)?\s*(?<text>.*?)\s*(</s>)?\s*\((?<id>[^()]+)\)\s*$")]
    private static partial Regex TranscriptLine();
}
