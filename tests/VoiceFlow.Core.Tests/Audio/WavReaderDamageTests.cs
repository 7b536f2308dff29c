using System.Buffers.Binary;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Files whose headers lie or whose data is cut: read as far as they go, with the repair reported.</summary>
[Collection(AllocationMeasuringCollection.Name)]
public class WavReaderDamageTests
{
    private static readonly float[] Signal = TestSignals.Sine(440, 16000, 1600);
    private static readonly byte[] Pcm16 = WavTestEncoder.Encode(Signal, WavTestEncoding.Pcm16);

    private static WavBuilder Pcm16Header() => new WavBuilder().Fmt(1, 1, 16000, 16);

    [Theory]
    [InlineData(0u, true)]
    [InlineData(0u, false)]
    [InlineData(0xFFFFFFFFu, true)]
    [InlineData(0xFFFFFFFFu, false)]
    public async Task A_placeholder_data_size_means_until_the_end_of_the_file(uint declared, bool seekable)
    {
        var file = Pcm16Header().Chunk("data", Pcm16, declared).Build();
        var (samples, info) = await WavTestRead.ReadAllAsync(file, seekable);
        Assert.Equal(Signal.Length, samples.Length);
        Assert.True(info.WasRepaired);
        Assert.Contains("placeholder", info.Repairs[0], StringComparison.Ordinal);
        Assert.Null(info.DeclaredDuration);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_data_size_larger_than_the_file_reads_what_is_there_and_says_so(bool seekable)
    {
        var file = Pcm16Header().Chunk("data", Pcm16, declaredSize: 10_000_000).Build();
        var (samples, info) = await WavTestRead.ReadAllAsync(file, seekable);
        Assert.Equal(Signal.Length, samples.Length);
        string place = seekable ? "file" : "stream";
        Assert.Contains($"data size header said 10000000 bytes, the {place} held {Pcm16.Length}", info.Repairs);
        Assert.Equal(TimeSpan.FromSeconds(5_000_000 / 16000.0), info.DeclaredDuration);
        Assert.Equal(TimeSpan.FromSeconds(0.1), info.Duration);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_truncated_last_frame_is_dropped(bool seekable)
    {
        var stereo = WavTestEncoder.Encode(TestSignals.MultiChannel(2, 8000, 100), WavTestEncoding.Pcm24);
        var cut = stereo[..^4]; // 99 whole frames (6 bytes each) + 2 bytes
        var file = new WavBuilder().Fmt(1, 2, 8000, 24).Chunk("data", cut, declaredSize: (uint)stereo.Length).Build();
        var (samples, info) = await WavTestRead.ReadAllAsync(file, seekable);
        Assert.Equal(99, samples.Length);
        Assert.Contains(info.Repairs, r => r.Contains("truncated last frame of 2 byte(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_and_odd_sized_chunks_before_and_after_fmt_are_skipped()
    {
        var file = new WavBuilder()
            .Chunk("JUNK", new byte[7]) // odd: followed by a pad byte
            .Chunk("bext", new byte[602])
            .Fmt(1, 1, 16000, 16)
            .Chunk("LIST", "INFOISFT\u0005\0\0\0abcd\0"u8.ToArray())
            .Chunk("fact", new byte[4])
            .Chunk("data", Pcm16)
            .Build();
        var (samples, info) = await WavTestRead.ReadAllAsync(file, seekable: false);
        Assert.Equal(Signal.Length, samples.Length);
        Assert.False(info.WasRepaired);
    }

    [Fact]
    public async Task An_odd_sized_8_bit_data_chunk_reads_every_sample()
    {
        var bytes = WavTestEncoder.Encode(TestSignals.Sine(100, 8000, 101), WavTestEncoding.Pcm8);
        var file = new WavBuilder().Fmt(1, 1, 8000, 8).Chunk("data", bytes).Chunk("LIST", new byte[4]).Build();
        var (samples, _) = await WavTestRead.ReadAllAsync(file);
        Assert.Equal(101, samples.Length);
    }

    [Fact]
    public async Task RF64_with_a_ds64_size_larger_than_the_file_is_read_to_the_end()
    {
        var file = new WavBuilder().Rf64(dataSize: 100L << 30).Fmt(1, 1, 16000, 16).Chunk("data", Pcm16, uint.MaxValue).Build();
        var (samples, info) = await WavTestRead.ReadAllAsync(file);
        Assert.Equal(Signal.Length, samples.Length);
        Assert.Contains($"data size header said {100L << 30} bytes, the file held {Pcm16.Length}", info.Repairs);
    }

    [Fact]
    public async Task RF64_without_ds64_reads_to_the_end()
    {
        var file = new WavBuilder().Container("BW64", uint.MaxValue).Fmt(1, 1, 16000, 16).Chunk("data", Pcm16, uint.MaxValue).Build();
        var (samples, info) = await WavTestRead.ReadAllAsync(file);
        Assert.Equal(Signal.Length, samples.Length);
        Assert.Equal("WAV (BW64)", info.Container);
        Assert.Contains(info.Repairs, r => r.Contains("no ds64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_one_sample_file_decodes_to_one_sample()
    {
        var file = Pcm16Header().Chunk("data", [0x00, 0x40]).Build();
        var (samples, _) = await WavTestRead.ReadAllAsync(file);
        Assert.Equal([0.5f], samples);
    }

    public static TheoryData<string, byte[], string> BadFiles() => new()
    {
        { "empty", [], "the file is empty" },
        { "text renamed .wav", "hello, this is not audio\n"u8.ToArray(), "not a RIFF/WAVE file (it starts with \"hello, this \")" },
        { "RIFF but AVI", "RIFF\0\0\0\0AVI LIST"u8.ToArray(), "not a RIFF/WAVE file" },
        { "header only", "RIFF\u0004\0\0\0WAVE"u8.ToArray(), "no fmt chunk" },
        { "no data", new WavBuilder().Fmt(1, 1, 16000, 16).Build(), "no data chunk" },
        { "data before fmt", new WavBuilder().Chunk("data", [1, 2]).Fmt(1, 1, 16000, 16).Build(), "data chunk comes before any fmt chunk" },
        { "empty data", new WavBuilder().Fmt(1, 1, 16000, 16).Chunk("data", []).Build(), "the data chunk holds no audio" },
        { "0 channels", new WavBuilder().Fmt(1, 0, 16000, 16, blockAlign: 2).Chunk("data", [1, 2]).Build(), "0 channels" },
        { "0 Hz", new WavBuilder().Fmt(1, 1, 0, 16).Chunk("data", [1, 2]).Build(), "sample rate of 0 Hz" },
        { "1 Hz", new WavBuilder().Fmt(1, 1, 1, 16).Chunk("data", [1, 2]).Build(), "sample rate of 1 Hz, below the 1000 Hz" },
        { "absurd rate", new WavBuilder().Fmt(1, 1, 5_000_000, 16).Chunk("data", [1, 2]).Build(), "5000000 Hz, above the 1000000 Hz limit" },
        { "bad block align", new WavBuilder().Fmt(1, 2, 16000, 16, blockAlign: 3).Chunk("data", [1, 2, 3]).Build(), "block align is 3 bytes but 2 channel(s) of 16-bit samples need 4" },
        { "12-bit PCM", new WavBuilder().Fmt(1, 1, 16000, 12, blockAlign: 2).Chunk("data", [1, 2]).Build(), "12 bits per sample is not valid for Pcm" },
        { "16-bit float", new WavBuilder().Fmt(3, 1, 16000, 16).Chunk("data", [1, 2]).Build(), "16 bits per sample is not valid for IeeeFloat" },
        { "ADPCM", new WavBuilder().Fmt(2, 1, 16000, 4, blockAlign: 256).Chunk("data", new byte[256]).Build(), "unsupported WAV encoding Microsoft ADPCM (format tag 0x0002)" },
        { "short fmt", new WavBuilder().Chunk("fmt ", new byte[10]).Chunk("data", [1, 2]).Build(), "fmt chunk is 10 bytes, at least 16" },
        { "huge fmt", new WavBuilder().Chunk("fmt ", new byte[16], 0x7FFFFFFF).Build(), "fmt chunk claims 2147483647 bytes" },
        { "truncated fmt", "RIFF\0\0\0\0WAVEfmt \u0010\0\0\0\u0001\0"u8.ToArray(), "fmt chunk is truncated (2 of 16 bytes)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_files_fail_with_one_line_naming_the_file_and_the_cause(string what, byte[] file, string cause)
    {
        foreach (bool seekable in new[] { true, false })
        {
            var error = await Assert.ThrowsAsync<AudioFormatException>(() => WavTestRead.ReadAllAsync(seekable ? new MemoryStream(file) : new NonSeekableStream(file), "bad.wav"));
            Assert.StartsWith("bad.wav: ", error.Message, StringComparison.Ordinal);
            Assert.Contains(cause, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
            Assert.NotEmpty(what);
        }
    }

    [Fact]
    public async Task A_4_GB_claim_on_a_tiny_file_allocates_only_the_fixed_buffers()
    {
        var file = Pcm16Header().Chunk("data", Pcm16, declaredSize: 0xFFFFFF00).Build();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 0xFFFFFFF0);
        foreach (bool seekable in new[] { true, false })
        {
            var stream = seekable ? (Stream)new MemoryStream(file) : new NonSeekableStream(file);
            var (audio, allocated) = await AllocationMeasurement.MeasureAsync(
                () => AudioFileLoader.LoadMono16kAsync(stream, "liar.wav", cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal(Signal.Length, audio.Samples.Length);
            Assert.True(audio.Source.WasRepaired);
            Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for a {file.Length}-byte file claiming 4 GB");
        }
    }
}
