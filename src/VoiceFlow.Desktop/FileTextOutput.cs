using System.Text;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>How dictations are laid out in the output file.</summary>
public enum OutputFileFormat
{
    /// <summary>One dictation per line: line breaks inside a dictation become spaces, each ends with a newline.</summary>
    Line,

    /// <summary>A running text: each dictation appended as delivered (line breaks kept, no newline added).</summary>
    Text,
}

/// <summary>
/// Appends each dictation to a file and flushes it to disk before returning, so a crash right after delivery loses
/// nothing. The file is opened per dictation (shared for reading), so it can be read, rotated or deleted meanwhile.
/// </summary>
public sealed class FileTextOutput : ITextOutput
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="path">The file to append to; its folder must exist.</param>
    /// <param name="format">Line per dictation, or running text.</param>
    public FileTextOutput(string path, OutputFileFormat format = OutputFileFormat.Line)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Format = format;
    }

    public string Name => "file";

    /// <summary>The full path appended to.</summary>
    public string Path { get; }

    /// <summary>The layout of dictations in the file.</summary>
    public OutputFileFormat Format { get; }

    /// <exception cref="TextOutputException">The file cannot be written (missing folder, permissions, disk full), naming it.</exception>
    public async Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        string entry = Format == OutputFileFormat.Line
            ? ControlCharacters.Strip(text, LayoutCharacters.Tab).Trim() + "\n"
            : ControlCharacters.Strip(text, LayoutCharacters.All);
        if (entry.Trim().Length == 0)
        {
            return;
        }

        byte[] bytes = Utf8.GetBytes(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new TextOutputException($"cannot append to output file {Path}: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
    }
}
