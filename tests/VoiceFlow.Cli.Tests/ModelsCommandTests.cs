using VoiceFlow.Tests.Shared;
using System.Net;
using VoiceFlow.Core.Tests;
using VoiceFlow.Whisper.Tests.Store;

namespace VoiceFlow.Cli.Tests;

[Collection("Console")]
public class ModelsCommandTests
{
    private const string TestModel = "fixtures/whisper/models/ggml-random-test-s64-q4_0.bin";

    [Fact]
    public async Task Verify_prints_the_hyper_parameters_of_a_model()
    {
        string path = SharedFixtures.File(TestModel);

        var (code, output, _) = await ConsoleCapture.RunAsync("models", "verify", path);

        Assert.Equal(0, code);
        Assert.Contains("n_vocab 51864 (English-only), n_mels 80, weights q4_0 (ftype 2002)", output, StringComparison.Ordinal);
        Assert.Contains("audio: ctx 1500, state 64, heads 2, layers 2", output, StringComparison.Ordinal);
        Assert.Contains("not a catalog model name", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_of_a_catalog_name_compares_the_published_sha1()
    {
        string path = SharedFixtures.File("fixtures/whisper/models/ggml-random-tiny.en-f16.bin");
        using var temp = new TempFolder();
        string named = temp.Sub("ggml-tiny.en.bin");
        File.CreateSymbolicLink(named, path);

        var (code, _, error) = await ConsoleCapture.RunAsync("models", "verify", named);

        Assert.Equal(5, code);
        Assert.Contains("does not match the published c78c86eb1a8faa21b369bcd33207cc90d64ae9df of tiny.en", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_of_a_missing_file_is_a_configuration_error()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync("models", "verify", "/nonexistent/ggml-x.bin");
        Assert.Equal(3, code);
        Assert.Equal("voiceflow: error: model file not found: /nonexistent/ggml-x.bin\n", error);
    }

    [Fact]
    public async Task Download_installs_from_a_url_then_reports_it_installed_and_list_shows_it()
    {
        byte[] content = await File.ReadAllBytesAsync(SharedFixtures.File(TestModel), TestContext.Current.CancellationToken);
        using var server = new LocalHttpServer(content);
        using var temp = new TempFolder();

        var first = await ConsoleCapture.RunAsync("models", "download", "test-s64", "--url", server.Url.ToString(), "--dir", temp.Path);
        var second = await ConsoleCapture.RunAsync("models", "download", "test-s64", "--url", server.Url.ToString(), "--dir", temp.Path);
        var list = await ConsoleCapture.RunAsync("models", "list", "--dir", temp.Path);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("installed " + temp.Sub("ggml-test-s64.bin"), first.Out, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(temp.Sub("ggml-test-s64.bin"), TestContext.Current.CancellationToken));
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already installed", second.Out, StringComparison.Ordinal);
        Assert.Single(server.Ranges);
        Assert.Contains("test-s64", list.Out, StringComparison.Ordinal);
        Assert.Contains("large-v3-turbo", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_of_a_catalog_model_with_the_wrong_content_installs_nothing()
    {
        byte[] content = await File.ReadAllBytesAsync(SharedFixtures.File("fixtures/whisper/models/ggml-random-tiny.en-q5_1.bin"), TestContext.Current.CancellationToken);
        using var server = new LocalHttpServer(content);
        using var temp = new TempFolder();

        var (code, _, error) = await ConsoleCapture.RunAsync("models", "download", "tiny.en", "--url", server.Url.ToString(), "--dir", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("expected c78c86eb1a8faa21b369bcd33207cc90d64ae9df; the file was removed", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Download_errors_are_one_clear_line()
    {
        using var server = new LocalHttpServer([1, 2, 3]) { FailWith = HttpStatusCode.NotFound };
        using var temp = new TempFolder();

        var notFound = await ConsoleCapture.RunAsync("models", "download", "x", "--url", server.Url.ToString(), "--dir", temp.Path);
        var unknown = await ConsoleCapture.RunAsync("models", "download", "huge", "--dir", temp.Path);

        Assert.Equal(1, notFound.ExitCode);
        Assert.Contains($"voiceflow: error: download of {server.Url} failed: HTTP 404 Not Found", notFound.Error, StringComparison.Ordinal);
        Assert.Equal(3, unknown.ExitCode);
        Assert.StartsWith("voiceflow: error: unknown model 'huge' (known: tiny, tiny.en,", unknown.Error, StringComparison.Ordinal);
    }
}
