using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Formats other than WAV, decoded by ffmpeg through <see cref="AudioFileLoader"/>.</summary>
public sealed class FfmpegDecoderTests : IDisposable
{
    private readonly TempAudioDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string[], string, string> Formats() => new()
    {
        { "tone.flac", ["-c:a", "flac"], "flac", "flac" },
        { "tone.ogg", ["-c:a", "libvorbis"], "ogg", "vorbis" },
        { "tone.opus", ["-c:a", "libopus"], "ogg", "opus" },
        { "tone.mp3", ["-c:a", "libmp3lame"], "mp3", "mp3" },
        { "tone.m4a", ["-c:a", "aac"], "mov,mp4,m4a,3gp,3g2,mj2", "aac" },
        { "tone.webm", ["-c:a", "libopus"], "matroska,webm", "opus" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Decodes_to_mono_16_kHz_with_the_source_facts(string name, string[] codec, string container, string encoding)
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        string path = _dir.Ffmpeg(_dir.ToneWav(), name, codec);

        var audio = await AudioFileLoader.LoadMono16kAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(audio.Duration.TotalSeconds, 0.95, 1.08); // lossy codecs may pad a frame
        Assert.InRange(TestSignals.AmplitudeAt(audio.Samples.Span[1600..14400], 440, 16000), 0.37, 0.43);
        Assert.Equal(container, audio.Source.Container);
        Assert.Equal(encoding, audio.Source.Encoding);
        Assert.Equal(2, audio.Source.Channels);
        Assert.Equal(encoding == "opus" ? 48000 : 44100, audio.Source.SampleRate);
        Assert.NotNull(audio.Source.DeclaredDuration);
    }

    [Fact]
    public async Task Flac_and_ogg_made_by_sox_decode()
    {
        foreach (string name in new[] { "sox.flac", "sox.ogg" })
        {
            string path = _dir.File(name);
            TempAudioDirectory.Run("sox", ["-n", "-r", "22050", "-c", "1", path, "synth", "0.5", "sine", "1000"]);
            var audio = await AudioFileLoader.LoadMono16kAsync(path, cancellationToken: TestContext.Current.CancellationToken);
            // sox's Vorbis encoder leaves its last block's padding in the stream (8267 samples measured).
            Assert.InRange(audio.Samples.Length, 8000, name.EndsWith(".ogg", StringComparison.Ordinal) ? 8400 : 8000);
            Assert.Equal(22050, audio.Source.SampleRate);
        }
    }

    [Fact]
    public async Task A_non_seekable_stream_is_piped_to_ffmpeg()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        var bytes = await File.ReadAllBytesAsync(_dir.Ffmpeg(_dir.ToneWav(), "pipe.flac", "-c:a", "flac"), TestContext.Current.CancellationToken);
        var audio = await AudioFileLoader.LoadMono16kAsync(new NonSeekableStream(bytes, maxChunk: 3000), "upload.flac", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(16000, audio.Samples.Length);
        Assert.Equal("upload.flac", audio.Source.Name);
    }

    [Fact]
    public async Task A_file_name_with_shell_characters_and_a_leading_dash_is_only_a_name()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        string source = _dir.Ffmpeg(_dir.ToneWav(), "plain.flac", "-c:a", "flac");
        string odd = _dir.File("-i; echo $(id) 'x' `y` & z.flac");
        File.Copy(source, odd);
        var audio = await AudioFileLoader.LoadMono16kAsync(odd, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(16000, audio.Samples.Length);
    }

    [Fact]
    public async Task Missing_ffmpeg_says_how_to_install_it()
    {
        string path = _dir.File("x.mp3");
        await File.WriteAllBytesAsync(path, [0xFF, 0xFB, 0x90, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9], TestContext.Current.CancellationToken);
        var options = new AudioLoadOptions { FfmpegPath = _dir.File("no-such-ffmpeg") };
        var error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(path, options, TestContext.Current.CancellationToken));
        Assert.Contains("ffmpeg is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("install the Debian package ffmpeg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undecodable_input_quotes_ffmpeg_s_error()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        string path = _dir.File("notes.wav");
        await File.WriteAllTextAsync(path, "this is a text file, renamed\n", TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.StartsWith($"{path}: ffmpeg could not decode it: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid data found when processing input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_audio_is_reported()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        string path = _dir.File("video.mkv");
        TempAudioDirectory.Run("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=black:s=16x16:d=0.2", path]);
        var error = await Assert.ThrowsAsync<AudioFormatException>(() => AudioFileLoader.LoadMono16kAsync(path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("matches no streams", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_longer_than_the_maximum_is_refused()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        string path = _dir.Ffmpeg(_dir.ToneWav(), "long.flac", "-c:a", "flac");
        var options = new AudioLoadOptions { MaxDuration = TimeSpan.FromSeconds(0.5) };
        var error = await Assert.ThrowsAsync<AudioTooLongException>(() => AudioFileLoader.LoadMono16kAsync(path, options, TestContext.Current.CancellationToken));
        Assert.Contains("longer than the 0:00:00.500 allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_input_is_stopped_at_the_decode_timeout()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        var options = new AudioLoadOptions { DecodeTimeout = TimeSpan.FromSeconds(1) };
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<AudioFormatException>(() =>
            AudioFileLoader.LoadMono16kAsync(new StallingStream("fLaC"u8.ToArray()), "stalled.flac", options, TestContext.Current.CancellationToken));
        Assert.Contains("decoding did not finish within 00:00:01", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Cancelling_stops_ffmpeg()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AudioFileLoader.LoadMono16kAsync(new StallingStream("OggS"u8.ToArray()), "stalled.ogg", cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_failing_input_stream_is_reported_not_taken_for_a_short_file()
    {
        TempAudioDirectory.RequireTool("ffmpeg");
        var bytes = await File.ReadAllBytesAsync(_dir.Ffmpeg(_dir.ToneWav(), "cut.flac", "-c:a", "flac"), TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<AudioFormatException>(() =>
            AudioFileLoader.LoadMono16kAsync(new FailingStream(bytes[..20000]), "upload.flac", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("upload.flac: reading the input failed: connection reset", error.Message);
    }

    /// <summary>Returns its bytes, then fails like a dropped connection.</summary>
    private sealed class FailingStream(byte[] bytes) : ForwardOnlyStream
    {
        private int _position;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == bytes.Length) throw new IOException("connection reset");
            int count = Math.Min(buffer.Length, bytes.Length - _position);
            bytes.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
    }

    /// <summary>Returns a few bytes, then blocks until cancelled, like an upload whose client went quiet.</summary>
    private sealed class StallingStream(byte[] start) : ForwardOnlyStream
    {
        private bool _sent;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sent)
            {
                _sent = true;
                int count = Math.Min(buffer.Length, start.Length);
                start.AsSpan(0, count).CopyTo(buffer.Span);
                return count;
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
    }
}
