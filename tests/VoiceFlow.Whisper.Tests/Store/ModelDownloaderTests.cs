using VoiceFlow.Tests.Shared;
using System.Net;
using System.Security.Cryptography;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Store;

namespace VoiceFlow.Whisper.Tests.Store;

public class ModelDownloaderTests
{
    private static readonly HttpClient Http = new();

    private static byte[] Content(int length = 300_000)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static string Sha1(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));

    private static ModelDownloader Downloader(int attempts = 3) => new(Http) { MaxAttempts = attempts, RetryDelay = TimeSpan.Zero };

    [Fact]
    public async Task Offline_the_error_names_url_and_the_models_folder_and_promises_no_resume()
    {
        using var temp = new TempFolder();
        // A loopback port nobody listens on: the connection is refused at once, as offline.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<VoiceFlowException>(() => Downloader(attempts: 2).DownloadAsync(
            new Uri($"http://127.0.0.1:{port}/ggml-base.en.bin"), temp.Sub("ggml-base.en.bin"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("--url", error.Message, StringComparison.Ordinal);
        Assert.Contains("models folder " + temp.Path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("resume", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_the_fixture_model_checks_it_and_renames_it_into_place()
    {
        string fixture = SharedFolder.Require("fixtures/whisper/models/ggml-random-test-s64-q4_0.bin");
        byte[] content = await File.ReadAllBytesAsync(fixture, TestContext.Current.CancellationToken);
        using var server = new LocalHttpServer(content);
        using var temp = new TempFolder();
        string destination = temp.Sub("models/ggml-test.bin");
        var reports = new List<DownloadProgress>();

        string sha1 = await Downloader().DownloadAsync(server.Url, destination, content.Length, Sha1(content),
            validate: path => GgmlModelHeader.Read(path), progress: new SynchronousProgress(reports.Add),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Sha1(content), sha1);
        Assert.Equal(content, await File.ReadAllBytesAsync(destination, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(destination + ".part"));
        Assert.Equal(content.Length, reports[^1].BytesDone);
        Assert.Equal(content.Length, reports[^1].TotalBytes);
    }

    [Fact]
    public async Task Resumes_a_partial_download_with_a_range_request()
    {
        byte[] content = Content();
        using var server = new LocalHttpServer(content);
        using var temp = new TempFolder();
        string destination = temp.Sub("m.bin");
        await File.WriteAllBytesAsync(destination + ".part", content[..100_000], TestContext.Current.CancellationToken);

        await Downloader().DownloadAsync(server.Url, destination, content.Length, Sha1(content), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["bytes=100000-"], server.Ranges);
        Assert.Equal(content, await File.ReadAllBytesAsync(destination, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_connection_closed_mid_way_keeps_the_part_file_and_the_next_run_resumes()
    {
        byte[] content = Content();
        using var temp = new TempFolder();
        string destination = temp.Sub("m.bin");
        using (var flaky = new LocalHttpServer(content) { CloseAfterBytes = 50_000 })
        {
            var error = await Assert.ThrowsAsync<VoiceFlowException>(() =>
                Downloader(attempts: 2).DownloadAsync(flaky.Url, destination, content.Length, Sha1(content), cancellationToken: TestContext.Current.CancellationToken));

            Assert.Contains("resume", error.Message, StringComparison.Ordinal);
            Assert.Equal([null, "bytes=50000-"], flaky.Ranges);
            Assert.Equal(100_000, new FileInfo(destination + ".part").Length);
            Assert.False(File.Exists(destination));
        }

        using var good = new LocalHttpServer(content);
        await Downloader().DownloadAsync(good.Url, destination, content.Length, Sha1(content), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["bytes=100000-"], good.Ranges);
        Assert.Equal(content, await File.ReadAllBytesAsync(destination, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_broken_connection_is_retried_within_one_call()
    {
        byte[] content = Content();
        using var server = new LocalHttpServer(content) { CloseAfterBytes = 70_000, CloseTimes = 1 };
        using var temp = new TempFolder();

        await Downloader().DownloadAsync(server.Url, temp.Sub("m.bin"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([null, "bytes=70000-"], server.Ranges);
        Assert.Equal(content, await File.ReadAllBytesAsync(temp.Sub("m.bin"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_stalled_server_is_a_broken_connection_not_a_hang()
    {
        byte[] content = Content();
        using var server = new LocalHttpServer(content) { StallAfterBytes = 40_000 };
        using var temp = new TempFolder();
        var downloader = new ModelDownloader(Http) { MaxAttempts = 2, RetryDelay = TimeSpan.Zero, StallTimeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<VoiceFlowException>(() =>
            downloader.DownloadAsync(server.Url, temp.Sub("m.bin"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("no data for 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Equal([null, "bytes=40000-"], server.Ranges);
        Assert.Equal(80_000, new FileInfo(temp.Sub("m.bin.part")).Length);
    }

    [Fact]
    public async Task A_wrong_sha1_removes_the_file_with_a_clear_error()
    {
        byte[] content = Content();
        using var server = new LocalHttpServer(content);
        using var temp = new TempFolder();
        string destination = temp.Sub("m.bin");

        var error = await Assert.ThrowsAsync<VoiceFlowException>(() =>
            Downloader().DownloadAsync(server.Url, destination, content.Length, new string('0', 40), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"download of {server.Url} has SHA-1 {Sha1(content)}, expected {new string('0', 40)}; the file was removed", error.Message);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ".part"));
    }

    [Fact]
    public async Task Not_found_is_a_clear_error_and_leaves_nothing()
    {
        using var server = new LocalHttpServer(Content()) { FailWith = HttpStatusCode.NotFound };
        using var temp = new TempFolder();

        var error = await Assert.ThrowsAsync<VoiceFlowException>(() =>
            Downloader().DownloadAsync(server.Url, temp.Sub("m.bin"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"download of {server.Url} failed: HTTP 404 Not Found", error.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task A_size_other_than_expected_is_refused_before_downloading()
    {
        byte[] content = Content();
        using var server = new LocalHttpServer(content);
        using var temp = new TempFolder();

        var error = await Assert.ThrowsAsync<VoiceFlowException>(() =>
            Downloader().DownloadAsync(server.Url, temp.Sub("m.bin"), expectedBytes: 1234, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("announces 300000 bytes, expected 1234", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_the_validator_rejects_is_removed()
    {
        using var server = new LocalHttpServer(Content());
        using var temp = new TempFolder();
        string destination = temp.Sub("m.bin");

        await Assert.ThrowsAsync<ModelFormatException>(() =>
            Downloader().DownloadAsync(server.Url, destination, validate: path => GgmlModelHeader.Read(path), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Plain_http_to_a_remote_host_is_refused()
    {
        using var temp = new TempFolder();
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            Downloader().DownloadAsync(new Uri("http://example.com/ggml-tiny.bin"), temp.Sub("m.bin"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("download URL must use https: http://example.com/ggml-tiny.bin", error.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and complete.</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
