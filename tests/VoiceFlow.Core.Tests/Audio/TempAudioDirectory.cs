using System.Diagnostics;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>A temporary folder of audio files made by the test (WavWriter, ffmpeg, sox), deleted on dispose.</summary>
internal sealed class TempAudioDirectory : IDisposable
{
    internal string Path { get; } = Directory.CreateTempSubdirectory("voiceflow-audio-").FullName;

    internal string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A 1 s, 44.1 kHz stereo WAV: 440 Hz at 0.4 on both channels.</summary>
    internal string ToneWav(string name = "tone.wav", double seconds = 1, int rate = 44100)
    {
        int frames = (int)(rate * seconds);
        var mono = TestSignals.Sine(440, rate, frames, 0.4);
        var stereo = new float[frames * 2];
        for (int i = 0; i < frames; i++) stereo[2 * i] = stereo[(2 * i) + 1] = mono[i];
        string path = File(name);
        WavWriter.Write(path, stereo, rate, channels: 2);
        return path;
    }

    /// <summary>Converts <paramref name="source"/> with ffmpeg, e.g. ("x.mp3", "-c:a", "libmp3lame").</summary>
    internal string Ffmpeg(string source, string target, params string[] codec)
    {
        string path = File(target);
        Run("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", source, .. codec, path]);
        return path;
    }

    internal static void RequireTool(string tool)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(dir => System.IO.File.Exists(System.IO.Path.Combine(dir, tool)));
        Assert.SkipUnless(found, $"{tool} is not installed (Debian package {tool}); CI installs it");
    }

    internal static void Run(string tool, IEnumerable<string> arguments)
    {
        RequireTool(tool);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {errors}");
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
