using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Audio;

[Collection(AllocationMeasuringCollection.Name)]
public sealed class AudioFileLoaderTests : IDisposable
{
    private readonly TempAudioDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(22050)]
    [InlineData(8000)]
    public async Task A_stereo_WAV_becomes_mono_16_kHz_with_the_tone_intact(int rate)
    {
        string path = _dir.ToneWav(rate: rate);
        var audio = await AudioFileLoader.LoadMono16kAsync(path, cancellationToken: Token);
        Assert.Equal(16000, audio.Samples.Length);
        Assert.Equal(TimeSpan.FromSeconds(1), audio.Duration);
        Assert.InRange(TestSignals.AmplitudeAt(audio.Samples.Span[1600..14400], 440, 16000), 0.3995, 0.4005);
        Assert.Equal(rate, audio.Source.SampleRate);
        Assert.Equal(2, audio.Source.Channels);
        Assert.Equal("PCM 16-bit", audio.Source.Encoding);
        Assert.Equal(path, audio.Source.Name);
    }

    [Fact]
    public async Task A_16_kHz_mono_WAV_is_returned_sample_for_sample()
    {
        var samples = TestSignals.RandomSamples(1234, seed: 5);
        using var file = new MemoryStream();
        WavWriter.Write(file, samples, 16000, format: WavSampleFormat.Float32);
        file.Position = 0;
        var audio = await AudioFileLoader.LoadMono16kAsync(file, "memory.wav", cancellationToken: Token);
        Assert.Equal(samples, audio.Samples.ToArray());
    }

    [Fact]
    public async Task A_stream_is_read_from_its_current_position()
    {
        using var file = new MemoryStream();
        file.Write("some prefix"u8);
        WavWriter.Write(file, TestSignals.Sine(300, 16000, 800), 16000);
        file.Position = "some prefix"u8.Length;
        var audio = await AudioFileLoader.LoadMono16kAsync(file, "offset.wav", cancellationToken: Token);
        Assert.Equal(800, audio.Samples.Length);
    }

    [Fact]
    public async Task Non_seekable_and_seekable_streams_give_the_same_samples()
    {
        var bytes = await File.ReadAllBytesAsync(_dir.ToneWav(rate: 44100, seconds: 0.3), Token);
        var seekable = await AudioFileLoader.LoadMono16kAsync(new MemoryStream(bytes), "a.wav", cancellationToken: Token);
        var piped = await AudioFileLoader.LoadMono16kAsync(new NonSeekableStream(bytes, maxChunk: 333), "a.wav", cancellationToken: Token);
        Assert.Equal(seekable.Samples.ToArray(), piped.Samples.ToArray());
        Assert.Equal(seekable.Source, piped.Source with { Repairs = seekable.Source.Repairs });
    }

    [Fact]
    public async Task A_WAV_longer_than_the_maximum_is_refused_before_its_samples_are_allocated()
    {
        string path = _dir.ToneWav(rate: 48000, seconds: 60);
        var options = new AudioLoadOptions { MaxDuration = TimeSpan.FromSeconds(2) };
        var (error, allocated) = await AllocationMeasurement.MeasureAsync(
            () => Assert.ThrowsAsync<AudioTooLongException>(() => AudioFileLoader.LoadMono16kAsync(path, options, Token)));
        Assert.Equal($"{path}: the audio lasts 0:01:00.000, more than the 0:00:02.000 allowed (MaxDuration).", error.Message);
        // Decoding would need 3.84 MB at 16 kHz (11.5 MB at the source rate); only fixed buffers may exist.
        Assert.True(allocated < 1_500_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task A_non_seekable_WAV_longer_than_the_maximum_is_refused_while_reading()
    {
        var bytes = await File.ReadAllBytesAsync(_dir.ToneWav(rate: 16000, seconds: 3), Token);
        var options = new AudioLoadOptions { MaxDuration = TimeSpan.FromSeconds(1) };
        var error = await Assert.ThrowsAsync<AudioTooLongException>(() =>
            AudioFileLoader.LoadMono16kAsync(new NonSeekableStream(bytes), "pipe.wav", options, Token));
        Assert.Equal("pipe.wav: the audio lasts longer than the 0:00:01.000 allowed (MaxDuration).", error.Message);
    }

    [Fact]
    public async Task Missing_empty_and_directory_paths_are_reported()
    {
        string missing = _dir.File("nothing.wav");
        var error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(missing, cancellationToken: Token));
        Assert.Equal($"{missing}: no such file.", error.Message);

        string empty = _dir.File("empty.wav");
        await File.WriteAllBytesAsync(empty, [], Token);
        error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(empty, cancellationToken: Token));
        Assert.Equal($"{empty}: the file is empty.", error.Message);

        error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(_dir.Path, cancellationToken: Token));
        Assert.StartsWith($"{_dir.Path}: cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_WAV_is_not_handed_to_ffmpeg()
    {
        var file = new WavBuilder().Fmt(1, 2, 16000, 16, blockAlign: 3).Chunk("data", [1, 2, 3]).Build();
        var options = new AudioLoadOptions { FfmpegPath = "/nonexistent/ffmpeg" };
        var error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(new MemoryStream(file), "bad.wav", options, Token));
        Assert.Contains("block align", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WAV_codecs_the_reader_lacks_go_to_ffmpeg()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        string path = _dir.Ffmpeg(_dir.ToneWav(), "adpcm.wav", "-c:a", "adpcm_ms");
        var audio = await AudioFileLoader.LoadMono16kAsync(path, cancellationToken: Token);
        Assert.InRange(audio.Samples.Length, 15900, 16500);
        Assert.Equal("adpcm_ms", audio.Source.Encoding);

        var bytes = await File.ReadAllBytesAsync(path, Token);
        var error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(new NonSeekableStream(bytes), "adpcm.wav", cancellationToken: Token));
        Assert.Contains("unsupported WAV encoding Microsoft ADPCM (format tag 0x0002)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WavWriter_round_trips_pcm16_and_float32_with_several_channels()
    {
        var interleaved = TestSignals.MultiChannel(3, 22050, 500);
        foreach (var format in new[] { WavSampleFormat.Pcm16, WavSampleFormat.Float32 })
        {
            using var file = new MemoryStream();
            WavWriter.Write(file, interleaved, 22050, channels: 3, format);
            file.Position = 0;
            var (samples, info) = await WavTestRead.ReadAllAsync(file);
            var expected = TestSignals.MixToMono(interleaved, 3);
            double tolerance = format == WavSampleFormat.Pcm16 ? 1.0 / 32768 : 1e-6;
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - samples[i]) <= tolerance);
            Assert.Equal(3, info.Channels);
            Assert.False(info.WasRepaired);
        }
    }

    [Fact]
    public void WavWriter_clamps_out_of_range_samples() =>
        Assert.Equal([short.MaxValue, short.MinValue, 0, 16384], new[] { 2f, -2f, float.NaN, 0.5f }.Select(WavWriter.ToInt16));
}
