using System.Buffers.Binary;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>
/// Reads the one format the corpus is made of: 16 kHz mono signed 16-bit PCM, as a WAV file or headerless.
/// Deliberately strict (anything else is an error): the general decoder lives in the audio path.
/// </summary>
internal static class Pcm16Wave
{
    /// <summary>Reads a 16 kHz mono 16-bit PCM WAV file through the audio path's reader, refusing any other format.</summary>
    public static float[] Read(string path)
    {
        var audio = AudioFileLoader.LoadMono16kAsync(path).GetAwaiter().GetResult();
        var source = audio.Source;
        if (source.SampleRate != AudioFormat.RecognizerSampleRate || source.Channels != 1 || source.BitsPerSample != 16)
        {
            throw new AudioFormatException(
                $"{path}: corpus audio must be 16 kHz mono 16-bit PCM, found {source.Encoding}, {source.Channels} channel(s), {source.SampleRate} Hz");
        }

        return audio.Samples.ToArray();
    }

    /// <summary>Reads headerless signed 16-bit little-endian samples.</summary>
    public static float[] ReadRaw(string path)
    {
        byte[] bytes = ReadAll(path);
        return Convert(bytes.AsSpan(0, bytes.Length & ~1));
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AudioFormatException($"{path}: cannot read ({ex.Message})", ex);
        }
    }

    private static float[] Convert(ReadOnlySpan<byte> pcm)
    {
        var samples = new float[pcm.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(2 * i, 2)) / 32768f;
        }

        return samples;
    }
}
