using Microsoft.Playwright;
using VoiceFlow.Core.Text;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>Record in the page: chromium's fake microphone -> AudioWorklet -> WebSocket -> server -> live text.</summary>
public sealed class DictationPageTests(BrowserFixture fixture)
{
    /// <summary>Extra WER allowed over the engine's own result on the file: the browser resamples twice (16 → 44.1/48 → 16 kHz).</summary>
    private const double WerSlack = 0.25;

    [Fact]
    public async Task Recording_streams_the_microphone_and_shows_the_spoken_sentence_as_final_text()
    {
        await fixture.RequireStreamingAsync();
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;
        var item = fixture.DictationItem;

        await page.ClickAsync("#record-button");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Listening…");

        // The fake microphone plays the sentence once, then silence: the server's VAD should close the utterance.
        // Whether or not it has by then, Stop flushes the rest; the sentence must end up in the finals either way.
        var finalShown = page.Locator("#live-finals .final").First.WaitForAsync(new() { Timeout = 60_000 });
        await Task.WhenAny(finalShown, Task.Delay(TimeSpan.FromSeconds(item.DurationSeconds + 8), TestContext.Current.CancellationToken));
        await browser.ScreenshotAsync("dictation-recording");
        await page.ClickAsync("#stop-button");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Idle", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#record-button")).ToBeEnabledAsync();

        string heard = string.Join(' ', await page.Locator("#live-finals .words").AllInnerTextsAsync());
        string direct = await fixture.TranscribeDirectlyAsync(item);
        double browserWer = WordErrorRate.Compute(item.ReferenceText, heard).Rate;
        double directWer = WordErrorRate.Compute(item.ReferenceText, direct).Rate;
        TestContext.Current.TestOutputHelper?.WriteLine($"reference: {item.ReferenceText}\nbrowser:   {heard} (WER {browserWer:P0})\ndirect:    {direct} (WER {directWer:P0})");
        Assert.True(browserWer <= directWer + WerSlack, $"browser transcript '{heard}' has WER {browserWer:P0}; the engine alone gets {directWer:P0} ('{direct}')");
        Assert.Equal("", await page.Locator("#live-partial").InnerTextAsync());
        Assert.True(await page.Locator("#banner").IsHiddenAsync(), "an error banner is showing: " + await page.Locator("#banner-text").InnerTextAsync());

        await browser.ScreenshotAsync("dictation-done");
        await browser.AssertNoBrowserProblemsAsync();
    }
}
