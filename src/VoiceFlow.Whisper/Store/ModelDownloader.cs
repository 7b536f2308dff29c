using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Whisper.Store;

/// <summary>
/// Downloads a file over HTTPS into <c>DEST.part</c>, resuming an earlier partial download with a Range request,
/// checks its size and SHA-1, lets the caller validate it, and only then renames it to <c>DEST</c> (atomic on one
/// file system). A connection that breaks is retried from where it stopped; what was received stays in the
/// .part file so running the same command again continues it.
/// </summary>
public sealed class ModelDownloader
{
    private const int BufferBytes = 1 << 16;
    private readonly HttpClient _http;

    /// <param name="http">Client to use (its handler decides proxies, timeouts).</param>
    public ModelDownloader(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>Attempts per call when the connection breaks (each resumes where the last stopped).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Pause before a retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A server that sends nothing (no headers, no data) for this long counts as a broken connection.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/>.</summary>
    /// <param name="url">HTTPS address (plain HTTP only to a loopback host).</param>
    /// <param name="destination">Final path; its folder is created.</param>
    /// <param name="expectedBytes">Exact size when known.</param>
    /// <param name="expectedSha1">Hex SHA-1 when known; on mismatch the file is deleted.</param>
    /// <param name="validate">Extra check of the complete .part file before the rename (throw to reject).</param>
    /// <param name="progress">Receives progress after every buffer.</param>
    /// <param name="cancellationToken">Stops the transfer; the .part file is kept for a later resume.</param>
    /// <returns>The SHA-1 (hex, lower case) of the installed file.</returns>
    public async Task<string> DownloadAsync(
        Uri url,
        string destination,
        long? expectedBytes = null,
        string? expectedSha1 = null,
        Action<string>? validate = null,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(destination);
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            throw new ConfigurationException($"download URL must use https: {url}");
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(directory);
        string part = destination + ".part";

        long? total = null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                total = await TransferAsync(url, part, expectedBytes, progress, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                long have = File.Exists(part) ? new FileInfo(part).Length : 0;
                if (attempt >= MaxAttempts)
                {
                    // Nothing arrived (offline, no DNS, refused): a resume would resume nothing, so say how else to get the model.
                    throw new VoiceFlowException(have == 0
                        ? $"cannot download {url} ({ex.Message}); is this machine offline? Give another address with --url, or download {Path.GetFileName(destination)} elsewhere and copy it into the models folder {directory}"
                        : $"download of {url} broke off after {have} bytes ({ex.Message}); run the same command again to resume from {part}", ex);
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        long size = new FileInfo(part).Length;
        if ((total is { } t && size != t) || (expectedBytes is { } e && size != e))
        {
            File.Delete(part);
            throw new VoiceFlowException($"download of {url} has {size} bytes, expected {expectedBytes ?? total}; the file was removed, try again");
        }

        string sha1 = await Sha1Async(part, cancellationToken).ConfigureAwait(false);
        if (expectedSha1 is not null && !string.Equals(sha1, expectedSha1, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(part);
            throw new VoiceFlowException($"download of {url} has SHA-1 {sha1}, expected {expectedSha1.ToLowerInvariant()}; the file was removed");
        }

        try
        {
            validate?.Invoke(part);
        }
        catch
        {
            File.Delete(part);
            throw;
        }

        File.Move(part, destination, overwrite: true);
        return sha1;
    }

    /// <summary>SHA-1 of a file as lower-case hex.</summary>
    public static async Task<string> Sha1Async(string path, CancellationToken cancellationToken = default)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA1.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>One request: appends to the .part file from its current length. Returns the full size if known.</summary>
    private async Task<long?> TransferAsync(Uri url, string part, long? expectedBytes, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (expectedBytes is { } e && have > e)
        {
            File.Delete(part); // Longer than the model can be: not a prefix of it.
            have = 0;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        // One timer, re-armed before every wait: a stalled server becomes an IOException (and a retry), never a hang.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(StallTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no response within {StallTimeout.TotalSeconds:0.#} s", ex);
        }

        using var _ = response;
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            // The .part file already holds everything the server has (or the server changed): let the checks decide.
            return response.Content.Headers.ContentRange?.Length ?? have;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new VoiceFlowException($"download of {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        bool resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From != have)
        {
            throw new VoiceFlowException($"download of {url}: server answered the resume request with an unexpected range ({response.Content.Headers.ContentRange})");
        }

        if (!resumed)
        {
            have = 0; // The server ignored the Range header: start over.
        }

        long? total = resumed ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
        if (expectedBytes is { } expected && total is { } announced && announced != expected)
        {
            throw new VoiceFlowException($"download of {url}: server announces {announced} bytes, expected {expected}");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes);
        await using (body.ConfigureAwait(false))
        await using (output.ConfigureAwait(false))
        {
            var buffer = new byte[BufferBytes];
            progress?.Report(new DownloadProgress(have, total));
            int read;
            while ((read = await ReadAsync(body, buffer, stall, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                have += read;
                progress?.Report(new DownloadProgress(have, total));
            }
        }

        if (total is { } full && have < full)
        {
            throw new IOException($"connection closed at {have} of {full} bytes");
        }

        return total;
    }

    private async Task<int> ReadAsync(Stream body, byte[] buffer, CancellationTokenSource stall, CancellationToken cancellationToken)
    {
        stall.CancelAfter(StallTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no data for {StallTimeout.TotalSeconds:0.#} s", ex);
        }
    }
}
