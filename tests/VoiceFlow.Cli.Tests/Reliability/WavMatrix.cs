using System.Buffers.Binary;
using System.IO.Compression;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Tests.Audio;

namespace VoiceFlow.Cli.Tests.Reliability;

/// <summary>
/// Writes the bad-input matrix for audio into a folder: one spoken sentence in every WAV encoding and
/// layout the reader accepts, the same file with every kind of lying or damaged header, and files that
/// are not audio at all. Each case says what the CLI must do with it (see <see cref="BadInputCase"/>).
/// </summary>
public static class WavMatrix
{
    private const int Rate = 16_000;
    private const int AudioExit = 4;

    /// <summary>
    /// Writes every case into <paramref name="folder"/>: <paramref name="speech"/> is a 16 kHz mono sentence whose
    /// words are <paramref name="reference"/>, what every valid variant must still be heard to say.
    /// </summary>
    public static IReadOnlyList<BadInputCase> Write(string folder, float[] speech, string reference)
    {
        ArgumentNullException.ThrowIfNull(speech);
        var cases = new List<BadInputCase>();
        void Valid(string name, byte[] bytes, string? words = null) => cases.Add(Save(folder, name, bytes, 0, words ?? reference));
        void Repaired(string name, byte[] bytes) => cases.Add(Save(folder, name, bytes, 0, reference, claimsMore: true));
        void Invalid(string name, byte[] bytes, string cause, bool claimsMore = false) => cases.Add(Save(folder, name, bytes, AudioExit, cause, claimsMore));

        // Every encoding the managed reader decodes, and layouts it must mix down or resample.
        foreach (var encoding in Enum.GetValues<WavTestEncoding>())
            Valid($"{encoding}-mono-16k", Standard(encoding, 1, Rate, speech));
        Valid("Pcm16-stereo", Standard(WavTestEncoding.Pcm16, 2, Rate, Interleave(speech, 2)));
        Valid("Float32-6-channels", Standard(WavTestEncoding.Float32, 6, Rate, Interleave(speech, 6)));
        Valid("Pcm16-44100Hz", Standard(WavTestEncoding.Pcm16, 1, 44_100, Resampler.Resample(speech, Rate, 44_100)));
        Valid("Pcm16-8000Hz", Standard(WavTestEncoding.Pcm16, 1, 8_000, Resampler.Resample(speech, Rate, 8_000)));
        Valid("extensible-mask-0x3F-on-mono", Extensible(speech, 1, 0x3F));
        Valid("extensible-mask-0-on-stereo", Extensible(Interleave(speech, 2), 2, 0));
        Valid("extensible-mask-FFFFFFFF-on-stereo", Extensible(Interleave(speech, 2), 2, 0xFFFFFFFF));
        Valid("rf64-with-ds64", WavBuilder.Standard(WavTestEncoding.Pcm16, 1, Rate, Encode(speech, WavTestEncoding.Pcm16), rf64: true).Build());
        Valid("silence-2s", Standard(WavTestEncoding.Pcm16, 1, Rate, new float[2 * Rate]), words: "");
        Valid("float-with-nan-and-inf", Standard(WavTestEncoding.Float32, 1, Rate, WithNonFinite(speech)));

        // Headers that lie about sizes: read what is really there, never allocate from the claim.
        byte[] pcm16 = Encode(speech, WavTestEncoding.Pcm16);
        Repaired("data-size-larger-than-file", DataSize(pcm16, (uint)pcm16.Length + 1_000_000));
        Repaired("data-size-zero", DataSize(pcm16, 0));
        Repaired("data-size-0xFFFFFFFF", DataSize(pcm16, 0xFFFFFFFF));
        Repaired("data-size-negative-as-int32", DataSize(pcm16, 0x80000000));
        Repaired("data-size-4GB", DataSize(pcm16, 0xFFFFFFF0));
        Repaired("data-size-10-hours", DataSize(pcm16, 10u * 3600 * Rate * 2));
        Repaired("riff-size-0xFFFFFFFF", RiffSize(Standard(WavTestEncoding.Pcm16, 1, Rate, speech), 0xFFFFFFFF));
        Repaired("riff-size-zero", RiffSize(Standard(WavTestEncoding.Pcm16, 1, Rate, speech), 0));
        Repaired("truncated-mid-frame", Standard(WavTestEncoding.Pcm16, 1, Rate, speech)[..^1001]);
        Repaired("rf64-ds64-claims-1TB", Rf64Claiming(pcm16, 1L << 40));

        // Not usable: a one-line error naming the cause.
        Invalid("empty", [], "the file is empty");
        Invalid("riff-header-only", "RIFF\u0004\0\0\0WAVE"u8.ToArray(), "no fmt chunk");
        Invalid("zero-channels", new WavBuilder().Fmt(1, 0, Rate, 16, blockAlign: 2).Chunk("data", pcm16).Build(), "0 channels");
        Invalid("sample-rate-0Hz", new WavBuilder().Fmt(1, 1, 0, 16).Chunk("data", pcm16).Build(), "sample rate of 0 Hz");
        Invalid("sample-rate-5MHz", new WavBuilder().Fmt(1, 1, 5_000_000, 16).Chunk("data", pcm16).Build(), "above the 1000000 Hz limit");
        Invalid("sample-rate-0xFFFFFFFF", new WavBuilder().Fmt(1, 1, -1, 16).Chunk("data", pcm16).Build(), "4294967295 Hz");
        Invalid("pcm-12-bit", new WavBuilder().Fmt(1, 1, Rate, 12, blockAlign: 2).Chunk("data", pcm16).Build(), "12 bits per sample");
        Invalid("float-16-bit", new WavBuilder().Fmt(3, 1, Rate, 16).Chunk("data", pcm16).Build(), "16 bits per sample");
        Invalid("block-align-lies", new WavBuilder().Fmt(1, 2, Rate, 16, blockAlign: 3).Chunk("data", pcm16).Build(), "block align is 3 bytes");
        Invalid("fmt-claims-4GB", new WavBuilder().Chunk("fmt ", new byte[16], 0xFFFFFFFF).Build(), "fmt chunk claims 4294967295 bytes", claimsMore: true);
        Invalid("chunk-before-fmt-claims-4GB", new WavBuilder().Chunk("LIST", new byte[8], 0xFFFFFFF0).Fmt(1, 1, Rate, 16).Chunk("data", pcm16).Build(), "no fmt chunk", claimsMore: true);
        Invalid("extensible-fmt-too-short", new WavBuilder().Chunk("fmt ", ExtensibleHeaderOnly()).Chunk("data", pcm16).Build(), "WAVE_FORMAT_EXTENSIBLE fmt chunk is 18 bytes");
        // Found by fuzzing: the declared duration (2^62 s) overflowed TimeSpan while describing the source; with no
        // length limit on files, 1 Hz itself is what refuses it (else 1600 samples would be resampled as 1600 s).
        Invalid("rf64-ds64-claims-2^62-bytes-at-1Hz", new WavBuilder().Rf64(1L << 62).Fmt(1, 1, 1, 16).Chunk("data", pcm16, uint.MaxValue).Build(), "sample rate of 1 Hz, below the 1000 Hz");
        Invalid("one-sample", Standard(WavTestEncoding.Pcm16, 1, Rate, [0.25f]), "too short");
        Invalid("data-chunk-empty", new WavBuilder().Fmt(1, 1, Rate, 16).Chunk("data", []).Build(), "holds no audio");
        Invalid("data-before-fmt", new WavBuilder().Chunk("data", pcm16).Fmt(1, 1, Rate, 16).Build(), "data chunk comes before any fmt chunk");

        // Not audio at all, named .wav: the WAV sniffer passes them to ffmpeg, which must fail cleanly.
        Invalid("text-renamed", "Dear diary, today I renamed a text file to .wav.\n"u8.ToArray(), "ffmpeg");
        Invalid("png-renamed", Png(), "ffmpeg");
        Invalid("random-bytes", RandomBytes(64 * 1024, seed: 7), "ffmpeg");
        Invalid("zip-renamed", Zip(), "ffmpeg");
        return cases;
    }

    /// <summary>
    /// A sparse file whose header and size honestly say 10 hours of 16 kHz PCM16 (1.15 GB, no disk used):
    /// longer than the default one-hour limit, so it must be refused before anything is allocated for it.
    /// </summary>
    public static BadInputCase WriteTenHourSparseFile(string folder)
    {
        const long dataBytes = 10L * 3600 * Rate * 2;
        string path = Path.Combine(folder, "ten-hours-real-size.wav");
        var header = new WavBuilder().Fmt(1, 1, Rate, 16).Chunk("data", [], (uint)dataBytes).Build();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.Write(header);
            file.SetLength(header.Length + dataBytes);
        }

        return new BadInputCase("ten-hours-real-size", path, AudioExit, "lasts 10:00:00, more than the 1:00:00 allowed by max_file_audio_seconds", ClaimsMoreThanItHolds: true);
    }

    private static BadInputCase Save(string folder, string name, byte[] bytes, int exit, string expect, bool claimsMore = false)
    {
        string path = Path.Combine(folder, name + ".wav");
        File.WriteAllBytes(path, bytes);
        return new BadInputCase(name, path, exit, expect, claimsMore);
    }

    private static byte[] Encode(float[] samples, WavTestEncoding encoding) => WavTestEncoder.Encode(samples, encoding);

    private static byte[] Standard(WavTestEncoding encoding, int channels, int rate, float[] interleaved) =>
        WavBuilder.Standard(encoding, channels, rate, Encode(interleaved, encoding)).Build();

    private static float[] Interleave(float[] mono, int channels)
    {
        var result = new float[mono.Length * channels];
        for (int i = 0; i < mono.Length; i++)
            for (int c = 0; c < channels; c++)
                result[(i * channels) + c] = mono[i];
        return result;
    }

    /// <summary>Scatters NaN, +Inf and -Inf over the sentence (a broken float writer).</summary>
    private static float[] WithNonFinite(float[] speech)
    {
        var result = (float[])speech.Clone();
        for (int i = 97; i < result.Length; i += 4001)
            result[i] = (i % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
        return result;
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE PCM16 file with the given channel mask, whatever the channel count.</summary>
    private static byte[] Extensible(float[] interleaved, int channels, uint mask)
    {
        var bytes = WavBuilder.Standard(WavTestEncoding.Pcm16, channels, Rate, Encode(interleaved, WavTestEncoding.Pcm16), extensible: true).Build();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12 + 8 + 20), mask); // RIFF header, fmt chunk header, then dwChannelMask at 20
        return bytes;
    }

    private static byte[] ExtensibleHeaderOnly()
    {
        var fmt = new byte[18];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), Rate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), Rate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        return fmt;
    }

    private static byte[] DataSize(byte[] pcm16, uint declared) =>
        new WavBuilder().Fmt(1, 1, Rate, 16).Chunk("data", pcm16, declared).Build();

    private static byte[] RiffSize(byte[] file, uint declared)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), declared);
        return file;
    }

    private static byte[] Rf64Claiming(byte[] pcm16, long declared) =>
        new WavBuilder().Rf64(declared).Fmt(1, 1, Rate, 16).Chunk("data", pcm16, uint.MaxValue).Build();

    private static byte[] Png()
    {
        // Signature, then an IHDR chunk for a 1x1 greyscale image: enough for ffmpeg to see a picture, not sound.
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        byte[] ihdr = [0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3A, 0x7E, 0x9B, 0x55];
        return [.. signature, .. ihdr, .. RandomBytes(200, seed: 3)];
    }

    private static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("notes.txt").Open();
            entry.Write("not a recording"u8);
        }

        return buffer.ToArray();
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
#pragma warning disable CA5394 // Deterministic test data, not security.
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}
