using Microsoft.Playwright;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>Upload through the page's file picker: POST /v1/audio/transcriptions (verbose_json) and the rendered result.</summary>
public sealed class UploadPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Choosing_a_file_shows_its_transcript_and_segments()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;
        var item = fixture.UploadItem;

        await page.SetInputFilesAsync("#file-input", item.Path);

        await Assertions.Expect(page.Locator("#upload-result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        string shown = await page.Locator("#upload-text").InnerTextAsync();
        string direct = await fixture.TranscribeDirectlyAsync(item.LoadSamples());
        // Same file, same engine, no resampling in between: the server's text is the engine's text.
        Assert.Equal(WordErrorRate.Compute(item.ReferenceText, direct).Rate, WordErrorRate.Compute(item.ReferenceText, shown).Rate);
        Assert.True(WordErrorRate.Compute(item.ReferenceText, shown).Rate <= 0.25, $"'{shown}' is far from '{item.ReferenceText}'");

        await Assertions.Expect(page.Locator("#upload-file-name")).ToHaveTextAsync(Path.GetFileName(item.Path));
        await Assertions.Expect(page.Locator("#upload-meta")).ToContainTextAsync("0:02.1 of audio");
        await page.ClickAsync("#upload-result summary");
        var rows = page.Locator("#segment-rows tr");
        Assert.True(await rows.CountAsync() >= 1, "no segment rows");
        string segmentText = string.Join(' ', await page.Locator("#segment-rows td:nth-child(3)").AllInnerTextsAsync());
        Assert.Equal(TranscriptNormalizer.Words(shown), TranscriptNormalizer.Words(segmentText));
        Assert.Equal("", await page.Locator("#upload-status").InnerTextAsync());

        await browser.ScreenshotAsync("upload-done");
        await browser.AssertNoBrowserProblemsAsync();
    }

    [Fact]
    public async Task A_file_that_is_not_audio_shows_the_servers_error()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;

        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "notes.wav", MimeType = "audio/wav", Buffer = "this is not a wave file"u8.ToArray() });

        var status = page.Locator("#upload-status");
        await Assertions.Expect(status).ToContainTextAsync("Could not transcribe notes.wav", new() { Timeout = 30_000 });
        await Assertions.Expect(status).ToContainTextAsync("400");
        Assert.Equal("error", await status.GetAttributeAsync("data-kind"));
        Assert.True(await page.Locator("#upload-result").IsHiddenAsync());
    }
}
