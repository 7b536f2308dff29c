using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Transcripts;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Where transcripts go: stdout, one file, or one file per input in a folder. Every target is decided before any work
/// starts, so a run that would lose output (two inputs onto one file, a transcript over an input, several inputs into
/// one file) is refused at once with the fix, not discovered after an hour of transcription.
/// </summary>
internal sealed class OutputDestination
{
    private readonly IReadOnlyDictionary<string, string>? _targets;
    private readonly bool _headers;

    private OutputDestination(IReadOnlyDictionary<string, string>? targets, bool headers)
    {
        _targets = targets;
        _headers = headers;
    }

    /// <summary>The destination for <paramref name="inputs"/> written as <paramref name="format"/>.</summary>
    /// <param name="path">--output: null for stdout; a folder (existing, or ending in '/') or a file.</param>
    /// <param name="inputs">The input files, as given.</param>
    /// <param name="format">The output format, also the extension of files written into a folder.</param>
    /// <exception cref="ConfigurationException">The outputs would collide, overwrite an input, or several inputs would share one file.</exception>
    public static OutputDestination For(string? path, IReadOnlyList<string> inputs, string format)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (path is null)
        {
            // Several transcripts on stdout: each text format gets a header naming its file (json is one object per line).
            return new OutputDestination(null, headers: inputs.Count > 1 && format != "json");
        }

        // A folder: one that exists, a path ending in '/', or (for several inputs) a new name without an extension;
        // "one.txt" names a file.
        bool folder = Directory.Exists(path) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar)
            || (inputs.Count > 1 && Path.GetExtension(path).Length == 0);
        if (!folder && inputs.Count > 1)
        {
            throw new ConfigurationException(
                $"--output {path}: {inputs.Count} inputs cannot share one file; give a folder instead (an existing one, or a path ending in '/', e.g. -o transcripts/) for one .{format} file per input");
        }

        if (File.Exists(path) && folder)
        {
            throw new ConfigurationException($"--output {path}: is a file, not a folder");
        }

        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (folder)
        {
            foreach (string input in inputs)
            {
                targets[input] = Path.Combine(path, RelativeName(input, format));
            }
        }
        else
        {
            string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (parent is not null && !Directory.Exists(parent))
            {
                throw new ConfigurationException($"--output {path}: folder {parent} does not exist");
            }

            targets[inputs[0]] = path;
        }

        CheckNothingIsLost(targets, inputs);
        if (folder)
        {
            Directory.CreateDirectory(path);
        }

        return new OutputDestination(targets, headers: false);
    }

    /// <summary>
    /// An input's path inside the output folder: its relative path when it is relative and stays below the current
    /// folder (so a/x.wav and b/x.wav stay apart), else its name; the extension becomes the format.
    /// </summary>
    private static string RelativeName(string input, string format)
    {
        string name = Path.ChangeExtension(input, format);
        bool below = !Path.IsPathRooted(input)
            && !input.Split('/', Path.DirectorySeparatorChar).Any(part => part == "..");
        return below ? Path.GetRelativePath(".", Path.GetFullPath(name)) : Path.GetFileName(name);
    }

    private static void CheckNothingIsLost(Dictionary<string, string> targets, IReadOnlyList<string> inputs)
    {
        var inputPaths = inputs.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string input in inputs)
        {
            string target = Path.GetFullPath(targets[input]);
            if (inputPaths.Contains(target))
            {
                throw new ConfigurationException($"--output: the transcript of {input} would overwrite the input {target}; choose another --output");
            }

            if (claimed.TryGetValue(target, out string? other))
            {
                throw new ConfigurationException(other == input || Path.GetFullPath(other) == Path.GetFullPath(input)
                    ? $"--output: {input} is given twice; give each input once"
                    : $"--output: {other} and {input} would both be written to {target}; rename one, or write them to separate folders");
            }

            claimed[target] = input;
        }
    }

    public void Write(string input, ITranscriptWriter writer, TranscriptResult transcript, TextWriter stdout)
    {
        if (_targets is null)
        {
            if (_headers)
            {
                stdout.Write($"==> {input} <==\n");
            }

            writer.Write(transcript, stdout);
            stdout.Flush();
            return;
        }

        string target = _targets[input];
        if (Path.GetDirectoryName(Path.GetFullPath(target)) is { } parent)
        {
            Directory.CreateDirectory(parent);
        }

        // Write beside the target and rename, so an interrupted run never leaves half a transcript.
        string temporary = target + ".tmp";
        using (var file = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            writer.Write(transcript, file);
        }

        File.Move(temporary, target, overwrite: true);
    }
}
