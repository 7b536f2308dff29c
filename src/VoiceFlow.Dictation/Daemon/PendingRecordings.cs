using System.Globalization;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Recordings written to disk before they are transcribed and removed once their history entry is stored, so a
/// crash (even kill -9) between end and history loses no dictation. Files are 16 kHz mono PCM16 WAVs named by
/// time, written to a <c>.partial</c> name, flushed, then renamed, so a listed file is always complete.
/// </summary>
public sealed class PendingRecordings
{
    private const string Extension = ".wav";
    private const string PartialExtension = ".partial";
    private const string FailedExtension = ".failed";
    private static long s_counter;

    /// <param name="directory">Folder to keep them in; created private (0700) on first use.</param>
    public PendingRecordings(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Complete recordings waiting for history, oldest first.</summary>
    public IReadOnlyList<string> List() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.GetFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>How many are waiting.</summary>
    public int Count => List().Count;

    /// <summary>Writes <paramref name="samples"/> durably (flushed to the disk) and returns the file's path.</summary>
    /// <exception cref="IOException">The disk is full or not writable.</exception>
    public string Save(ReadOnlySpan<float> samples)
    {
        EnsureDirectory();
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'.'fffffff'Z'}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}");
        string partial = Path.Combine(Directory, name + PartialExtension);
        string final = Path.Combine(Directory, name + Extension);
        try
        {
            using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                WavWriter.Write(file, samples, AudioFormat.RecognizerSampleRate);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, final);
            return final;
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    /// <summary>Removes a recording whose history entry is stored (or that held no speech).</summary>
    public static void Remove(string path) => File.Delete(path);

    /// <summary>Renames a recording that cannot be read so it is not retried at every start; it stays for the user to inspect.</summary>
    public static void MarkFailed(string path) => File.Move(path, path + FailedExtension, overwrite: true);

    /// <summary>Deletes <c>.partial</c> leftovers of a crash in the middle of a write (an incomplete WAV cannot be transcribed reliably).</summary>
    public int RemovePartials()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        int removed = 0;
        foreach (string partial in System.IO.Directory.GetFiles(Directory, "*" + PartialExtension))
        {
            removed += TryDelete(partial) ? 1 : 0;
        }

        return removed;
    }

    private void EnsureDirectory()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            // Recordings of what the user said: private to them.
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
