using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Reads a whole WAV with the managed reader at its own rate.</summary>
internal static class WavTestRead
{
    internal static async Task<(float[] Samples, AudioSourceInfo Info)> ReadAllAsync(Stream stream, string name = "test.wav")
    {
        await using var source = await WavReader.OpenAsync(stream, name, TestContext.Current.CancellationToken);
        var samples = new List<float>();
        var block = new float[777]; // an odd block size, to cross frame and buffer boundaries
        int read;
        while ((read = await source.ReadAsync(block, TestContext.Current.CancellationToken)) > 0)
            samples.AddRange(block.AsSpan(0, read));
        return ([.. samples], source.Describe());
    }

    internal static Task<(float[] Samples, AudioSourceInfo Info)> ReadAllAsync(byte[] file, bool seekable = true) =>
        ReadAllAsync(seekable ? new MemoryStream(file) : new NonSeekableStream(file));
}
