using System.Diagnostics;

namespace VoiceFlow.Core.Tests.History;

/// <summary>
/// A tmpfs of a few hundred kilobytes mounted for one test (needs root: the test is skipped with the reason when
/// mounting is not permitted), which <see cref="Fill"/> fills to the last byte. Unmounted on dispose.
/// </summary>
internal sealed class SmallFileSystem : IDisposable
{
    private readonly string _filler;

    private SmallFileSystem(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    public static SmallFileSystem TryMount(string path, string size)
    {
        Directory.CreateDirectory(path);
        var (exit, error) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", path);
        if (exit != 0)
        {
            Assert.Skip($"cannot mount a small tmpfs to fill (needs root): {error.Trim()}");
        }

        return new SmallFileSystem(path);
    }

    /// <summary>Writes a file until the file system has no space left.</summary>
    public void Fill()
    {
        var block = new byte[4096];
        using var stream = new FileStream(_filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Unfill() => File.Delete(_filler);

    public void Dispose()
    {
        var (exit, error) = Run("umount", Path);
        if (exit != 0)
        {
            // Lazy unmount: the mount goes once the last open file closes, so no test leaves it behind.
            Run("umount", "-l", Path);
            Console.Error.WriteLine($"umount {Path}: {error.Trim()}");
        }
    }

    private static (int Exit, string Error) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }
}
