using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Managed WAV decoder: RIFF, RF64 and BW64; PCM 8/16/24/32-bit, IEEE float 32/64, A-law, µ-law,
/// WAVE_FORMAT_EXTENSIBLE; any channel count (mixed to mono), any rate up to 1 MHz. Header sizes are
/// checked against the real stream and damaged files are read as far as they go, the repairs being
/// listed in <see cref="AudioSourceInfo.Repairs"/>. Most callers want <see cref="AudioFileLoader"/>.
/// </summary>
public static class WavReader
{
    /// <summary>Opens a WAV file for block-wise decoding at its own sample rate.</summary>
    /// <exception cref="AudioFormatException">Not a WAVE file, a bad or unsupported fmt chunk, no data.</exception>
    public static async Task<WavSampleSource> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = AudioFileLoader.OpenFile(path);
        try
        {
            return await OpenAsync(stream, path, ownsStream: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens WAV data in <paramref name="stream"/> (which need not seek: pipes and uploads work) starting
    /// at its current position; the stream stays open when the source is disposed.
    /// </summary>
    /// <param name="stream">The bytes of the file.</param>
    /// <param name="sourceName">Name used in messages (a path, "stdin", an upload's file name).</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    /// <exception cref="AudioFormatException">Not a WAVE file, a bad or unsupported fmt chunk, no data.</exception>
    public static Task<WavSampleSource> OpenAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default) =>
        OpenAsync(stream, sourceName, ownsStream: false, cancellationToken);

    private static async Task<WavSampleSource> OpenAsync(Stream stream, string sourceName, bool ownsStream, CancellationToken cancellationToken)
    {
        var layout = await OpenLayoutAsync(stream, sourceName, cancellationToken).ConfigureAwait(false);
        if (layout.Layout.Format.Encoding == WavEncoding.Unsupported)
            throw UnsupportedEncoding(sourceName, layout.Layout.Format);
        return new WavSampleSource(layout.Reader, layout.Layout, sourceName, ownsStream ? stream : null);
    }

    /// <summary>Reads the header, leaving unsupported encodings for the caller to judge (the loader hands them to ffmpeg).</summary>
    internal static async Task<(RiffByteReader Reader, WavLayout Layout)> OpenLayoutAsync(Stream stream, string sourceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        var reader = new RiffByteReader(stream);
        var layout = await WavHeaderReader.ReadAsync(reader, sourceName, cancellationToken).ConfigureAwait(false);
        return (reader, layout);
    }

    internal static AudioFormatException UnsupportedEncoding(string sourceName, WavFormat format) =>
        WavFormatParser.Error(sourceName, $"unsupported WAV encoding {WavFormatTags.Name(format.FormatTag)}");
}
