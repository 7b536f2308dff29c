using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Transcripts;

namespace VoiceFlow.Cli.Commands;

/// <summary>Where transcripts go: stdout, one file, or one file per input in a folder.</summary>
internal sealed class OutputDestination
{
    private readonly string? _file;
    private readonly string? _folder;

    private OutputDestination(string? file, string? folder)
    {
        _file = file;
        _folder = folder;
    }

    public static OutputDestination For(string? path, int inputCount, string format)
    {
        if (path is null)
        {
            return new OutputDestination(null, null);
        }

        if (inputCount > 1 || Directory.Exists(path))
        {
            if (File.Exists(path))
            {
                throw new ConfigurationException($"--output {path}: is a file, but {inputCount} inputs need a folder (one .{format} file per input)");
            }

            Directory.CreateDirectory(path);
            return new OutputDestination(null, path);
        }

        string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new ConfigurationException($"--output {path}: folder {parent} does not exist");
        }

        return new OutputDestination(path, null);
    }

    public void Write(string input, ITranscriptWriter writer, TranscriptResult transcript, TextWriter stdout)
    {
        string? target = _file ?? (_folder is null ? null : Path.Combine(_folder, Path.GetFileNameWithoutExtension(input) + "." + writer.Format));
        if (target is null)
        {
            writer.Write(transcript, stdout);
            stdout.Flush();
            return;
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
