using System.Buffers.Binary;
using Microsoft.Playwright;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>Record in the page: chromium's fake microphone -> AudioWorklet -> WebSocket -> server -> live text.</summary>
public sealed class DictationPageTests(BrowserFixture fixture)
{
    /// <summary>Extra WER allowed over the engine's own result on the file: the browser resamples twice (16 → 44.1/48 → 16 kHz).</summary>
    private const double WerSlack = 0.25;

    /// <summary>
    /// Extra WER allowed for the server's live path (VAD-segmented streaming): on this 8-word sentence it has lost or
    /// misheard the first word ("call me" → "on the", "commie") where the engine on the same audio gets every word.
    /// </summary>
    private const double LiveWerSlack = 0.375;

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
        string direct = await fixture.TranscribeDirectlyAsync(item.LoadSamples());
        double browserWer = WordErrorRate.Compute(item.ReferenceText, heard).Rate;
        double directWer = WordErrorRate.Compute(item.ReferenceText, direct).Rate;
        TestContext.Current.TestOutputHelper?.WriteLine($"reference: {item.ReferenceText}\nbrowser:   {heard} (WER {browserWer:P0})\ndirect:    {direct} (WER {directWer:P0})");
        Assert.True(browserWer <= directWer + LiveWerSlack, $"browser transcript '{heard}' has WER {browserWer:P0}; the engine alone gets {directWer:P0} ('{direct}')");
        Assert.Equal("", await page.Locator("#live-partial").InnerTextAsync());
        Assert.True(await page.Locator("#banner").IsHiddenAsync(), "an error banner is showing: " + await page.Locator("#banner-text").InnerTextAsync());

        await browser.ScreenshotAsync("dictation-done");
        await browser.AssertNoBrowserProblemsAsync();
    }

    [Fact]
    public async Task The_audio_the_page_streams_is_the_microphone_speech_at_16_kHz()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;
        var item = fixture.DictationItem;
        var sent = new MemoryStream();

        // Capture what the page sends (fake microphone → AudioWorklet resampler → WebSocket), answer stop with done.
        await page.RouteWebSocketAsync("**/v1/stream*", socket =>
        {
            socket.OnMessage(frame =>
            {
                if (frame.Text is { } text && text.StartsWith("{\"type\"", StringComparison.Ordinal))
                {
                    socket.Send("""{"type":"done"}""");
                    return;
                }

                lock (sent)
                {
                    sent.Write(frame.Binary);
                }
            });
        });
        await page.ClickAsync("#record-button");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Listening…");
        await page.WaitForTimeoutAsync((float)((item.DurationSeconds + 1.5) * 1000));
        await page.ClickAsync("#stop-button");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Idle");

        float[] samples = Pcm16ToFloats(sent.ToArray());
        Assert.True(samples.Length >= item.DurationSeconds * 16_000, $"only {samples.Length / 16_000.0:F2} s of audio sent for {item.DurationSeconds:F2} s of speech");
        string heard = await fixture.TranscribeDirectlyAsync(samples);
        string direct = await fixture.TranscribeDirectlyAsync(item.LoadSamples());
        double heardWer = WordErrorRate.Compute(item.ReferenceText, heard).Rate;
        double directWer = WordErrorRate.Compute(item.ReferenceText, direct).Rate;
        TestContext.Current.TestOutputHelper?.WriteLine($"reference: {item.ReferenceText}\nvia page:  {heard} (WER {heardWer:P0})\ndirect:    {direct} (WER {directWer:P0})");
        Assert.True(heardWer <= directWer + WerSlack, $"the page's audio gives '{heard}' (WER {heardWer:P0}); the file itself gives {directWer:P0} ('{direct}')");
        await browser.AssertNoBrowserProblemsAsync();
    }

    private static float[] Pcm16ToFloats(byte[] bytes)
    {
        var samples = new float[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)) / 32768f;
        }

        return samples;
    }
}
