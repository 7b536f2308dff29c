using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// The one entry point for audio files and uploads: sniffs the content (RIFF/RF64/BW64 WAVE goes to
/// the managed <see cref="WavReader"/>, anything else to ffmpeg), mixes to mono, resamples to
/// 16 kHz and returns the samples with what was learned about the source.
/// </summary>
/// <example>
/// <code>
/// var audio = await AudioFileLoader.LoadMono16kAsync("meeting.flac");
/// await foreach (var segment in processor.ProcessAsync(audio.Samples)) { ... }
/// </code>
/// </example>
public static class AudioFileLoader
{
    /// <summary>Bytes read to recognise a WAVE header.</summary>
    private const int SniffBytes = 12;

    /// <summary>Source samples decoded per block.</summary>
    private const int BlockSamples = 4096;

    /// <summary>Loads a file as mono 16 kHz float samples.</summary>
    /// <param name="path">Any WAV file, or any format ffmpeg decodes (flac, mp3, ogg/opus, m4a, webm...).</param>
    /// <param name="options">Limits (maximum duration, decode timeout) and the ffmpeg executable; null for <see cref="AudioLoadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops decoding (and kills ffmpeg).</param>
    /// <exception cref="AudioFormatException">Missing, empty, malformed or undecodable file; ffmpeg missing or failing.</exception>
    /// <exception cref="AudioValidationException">Longer than <see cref="AudioLoadOptions.MaxDuration"/>.</exception>
    public static Task<LoadedAudio> LoadMono16kAsync(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return WithTimeoutAsync(path, Checked(options), cancellationToken, LoadPathAsync, path);
    }

    private static async Task<LoadedAudio> LoadPathAsync(string path, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        var source = await OpenSourceAsync(path, options, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
            return await DecodeAsync(source, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The decoder for a file: the managed WAV reader for the encodings it knows (it then owns the file), ffmpeg for
    /// everything else (killed when <paramref name="cancellationToken"/> is cancelled).
    /// </summary>
    internal static async Task<IMonoSampleSource> OpenSourceAsync(string path, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        var stream = OpenFile(path);
        try
        {
            var header = await SniffAsync(stream, path, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            if (WavHeaderReader.IsWave(header))
            {
                var (reader, layout) = await WavReader.OpenLayoutAsync(stream, path, cancellationToken).ConfigureAwait(false);
                // WAV codecs the managed reader lacks (ADPCM, GSM, MP3-in-WAV...) are ffmpeg's job.
                if (layout.Format.Encoding != WavEncoding.Unsupported)
                {
                    var wav = new WavSampleSource(reader, layout, path, stream);
                    stream = null;
                    return wav;
                }
            }
        }
        finally
        {
            if (stream is not null)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
        return FfmpegSampleSource.Start(path, null, path, options.FfmpegPath, cancellationToken);
    }

    /// <summary>Loads audio from a stream (a pipe, stdin, an HTTP upload: it need not seek) as mono 16 kHz float samples.</summary>
    /// <param name="stream">The file's bytes, from its current position. It is not closed.</param>
    /// <param name="sourceName">Name used in messages and in <see cref="AudioSourceInfo.Name"/> ("stdin", the upload's file name).</param>
    /// <param name="options">Limits and the ffmpeg executable; null for <see cref="AudioLoadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops decoding (and kills ffmpeg).</param>
    /// <exception cref="AudioFormatException">Empty, malformed or undecodable data; ffmpeg missing or failing.</exception>
    /// <exception cref="AudioValidationException">Longer than <see cref="AudioLoadOptions.MaxDuration"/>.</exception>
    public static Task<LoadedAudio> LoadMono16kAsync(Stream stream, string sourceName, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return WithTimeoutAsync(sourceName, Checked(options), cancellationToken, (name, o, token) => LoadStreamAsync(stream, name, o, token), sourceName);
    }

    private static async Task<LoadedAudio> LoadStreamAsync(Stream stream, string sourceName, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        long start = stream.CanSeek ? stream.Position : 0;
        var header = await SniffAsync(stream, sourceName, cancellationToken).ConfigureAwait(false);
        Stream content = Rewound(stream, start, header);
        if (WavHeaderReader.IsWave(header))
        {
            var (reader, layout) = await WavReader.OpenLayoutAsync(content, sourceName, cancellationToken).ConfigureAwait(false);
            if (layout.Format.Encoding != WavEncoding.Unsupported)
                return await DecodeWavAsync(new WavSampleSource(reader, layout, sourceName, null), options, cancellationToken).ConfigureAwait(false);
            if (!stream.CanSeek)
                throw WavReader.UnsupportedEncoding(sourceName, layout.Format);
            content = Rewound(stream, start, header);
        }
        return await DecodeWithFfmpegAsync(null, content, sourceName, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a file for reading, turning the usual failures into one-line messages.</summary>
    internal static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AudioFormatException($"{path}: no such file.", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new AudioFormatException($"{path}: cannot be read (permission denied, or it is a directory).", exception);
        }
        catch (IOException exception)
        {
            throw new AudioFormatException($"{path}: cannot be read ({exception.Message}).", exception);
        }
    }

    private static AudioLoadOptions Checked(AudioLoadOptions? options)
    {
        options ??= AudioLoadOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxDuration, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DecodeTimeout, TimeSpan.Zero, nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.FfmpegPath, nameof(options));
        return options;
    }

    private static async Task<byte[]> SniffAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        var header = new byte[SniffBytes];
        int read = await stream.ReadAtLeastAsync(header, SniffBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
            throw new AudioFormatException($"{name}: the file is empty.");
        return header[..read];
    }

    private static Stream Rewound(Stream stream, long start, byte[] header)
    {
        if (!stream.CanSeek) return new PrefixedStream(header, stream);
        stream.Position = start;
        return stream;
    }

    private static async Task<LoadedAudio> DecodeWavAsync(WavSampleSource source, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        await using (source.ConfigureAwait(false))
            return await DecodeAsync(source, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a whole load (sniffing, reading, ffmpeg) under <see cref="AudioLoadOptions.DecodeTimeout"/>, so a stalled input cannot hang it.</summary>
    private static async Task<LoadedAudio> WithTimeoutAsync(string name, AudioLoadOptions options, CancellationToken cancellationToken,
        Func<string, AudioLoadOptions, CancellationToken, Task<LoadedAudio>> load, string loadName)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DecodeTimeout);
        try
        {
            return await load(loadName, options, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AudioFormatException($"{name}: decoding did not finish within {options.DecodeTimeout} and was stopped (DecodeTimeout).", exception);
        }
    }

    private static async Task<LoadedAudio> DecodeWithFfmpegAsync(string? path, Stream? input, string name, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        var source = FfmpegSampleSource.Start(path, input, name, options.FfmpegPath, cancellationToken);
        await using (source.ConfigureAwait(false))
            return await DecodeAsync(source, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pulls the source block by block through the resampler, enforcing the duration limit before growing memory.</summary>
    internal static async Task<LoadedAudio> DecodeAsync(IMonoSampleSource source, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        int rate = source.SampleRate;
        long maxSourceSamples = (long)Math.Floor(options.MaxDuration.TotalSeconds * rate);
        if (source.Length is long known && known > maxSourceSamples)
            throw TooLong(source, TimeSpan.FromSeconds(known / (double)rate), options);

        var resampler = new StreamingResampler(rate, AudioFormat.RecognizerSampleRate);
        long maxOutput = Math.Min(resampler.OutputLengthFor(maxSourceSamples), Array.MaxLength);
        int initial = source.Length is long length
            ? (int)Math.Min(resampler.OutputLengthFor(length), maxOutput)
            : (int)Math.Min(AudioFormat.RecognizerSampleRate * 2L, maxOutput); // unknown length: start at 2 s and double
        var output = new SampleAccumulator(initial, (int)maxOutput);
        var block = new float[BlockSamples];
        var resampled = new float[resampler.MaxOutputLength(BlockSamples)];
        long sourceSamples = 0;
        int read;
        while ((read = await source.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
        {
            sourceSamples += read;
            if (sourceSamples > maxSourceSamples)
                throw TooLong(source, null, options);
            int produced = resampler.Process(block.AsSpan(0, read), resampled);
            if (!output.TryAppend(resampled.AsSpan(0, produced)))
                throw TooLong(source, null, options);
        }
        var tail = new float[resampler.PendingFlushLength];
        resampler.Flush(tail);
        if (!output.TryAppend(tail))
            throw TooLong(source, null, options);
        return new LoadedAudio(output.ToArray(), source.Describe());
    }

    private static AudioTooLongException TooLong(IMonoSampleSource source, TimeSpan? duration, AudioLoadOptions options)
    {
        string name = source.Describe().Name;
        string length = duration is { } d ? $"lasts {Clock(d)}, more" : "lasts longer";
        return new AudioTooLongException($"{name}: the audio {length} than the {Clock(options.MaxDuration)} allowed (MaxDuration).");
    }

    private static string Clock(TimeSpan time) =>
        $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}";
}
