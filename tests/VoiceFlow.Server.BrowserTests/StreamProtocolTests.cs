using System.Diagnostics;
using Microsoft.Playwright;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>
/// The page's side of the <c>/v1/stream</c> protocol, checked frame by frame: the WebSocket is answered by the test
/// (Playwright's WebSocket route) so every byte the page sends can be inspected and every event type played back.
/// </summary>
public sealed class StreamProtocolTests(BrowserFixture fixture)
{
    private const int FrameBytes = 16_000 * 40 / 1000 * 2; // 40 ms of 16 kHz PCM16

    [Fact]
    public async Task The_page_sends_16_kHz_pcm16_frames_then_stop_and_renders_partial_final_and_stats()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;
        var frames = new List<int>();
        var texts = new List<string>();
        int framesAfterStop = 0;
        string? url = null;
        await page.RouteWebSocketAsync("**/v1/stream*", socket =>
        {
            url = socket.Url;
            socket.OnMessage(frame =>
            {
                lock (frames)
                {
                    // Playwright fills both Text and Binary whatever the frame type, so tell them apart by content:
                    // the page's only text message is JSON; audio bytes never start with {"type".
                    if (frame.Text is not { } text || !text.StartsWith("{\"type\"", StringComparison.Ordinal))
                    {
                        framesAfterStop += texts.Count;
                        frames.Add(frame.Binary?.Length ?? 0);
                        if (frames.Count == 10)
                        {
                            socket.Send("""{"type":"partial","text":"call me","start":0.1}""");
                        }

                        return;
                    }

                    texts.Add(text);
                }

                socket.Send("""{"type":"final","text":"Call me back.","start":0.1,"end":1.4,"processing_ms":12.5}""");
                socket.Send("""{"type":"stats","audio_seconds":1.5,"speed_factor":20.5}""");
                socket.Send("""{"type":"done"}""");
                _ = socket.CloseAsync();
            });
        });

        await page.ClickAsync("#record-button");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Listening…");
        var recording = Stopwatch.StartNew();
        await Assertions.Expect(page.Locator("#live-partial")).ToHaveTextAsync("call me");
        await page.WaitForTimeoutAsync(1000);
        await page.ClickAsync("#stop-button");
        var recorded = recording.Elapsed;
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Idle");

        Assert.Contains("/v1/stream?encoding=pcm16", url, StringComparison.Ordinal);
        Assert.Equal(["""{"type":"stop"}"""], texts);
        Assert.Equal(0, framesAfterStop);
        Assert.All(frames.SkipLast(1), length => Assert.Equal(FrameBytes, length));
        Assert.True(frames[^1] is > 0 and <= FrameBytes && frames[^1] % 2 == 0, $"last frame has {frames[^1]} bytes");

        // The audio sent covers the recording at 16 kHz: not less than the time before the partial came back,
        // not more than the wall-clock time from Record to Stop plus the frames queued while the socket opened.
        double seconds = frames.Sum() / 2.0 / 16_000;
        Assert.InRange(seconds, 0.4 + 1.0, recorded.TotalSeconds + 1.0);

        await Assertions.Expect(page.Locator("#live-finals .words")).ToHaveTextAsync(["Call me back."]);
        await Assertions.Expect(page.Locator("#live-finals .time")).ToHaveTextAsync(["0:00.1"]);
        await Assertions.Expect(page.Locator("#live-partial")).ToHaveTextAsync("");
        await Assertions.Expect(page.Locator("#live-stats")).ToContainTextAsync("1.5 s of audio streamed · 20.5× real time");
        Assert.True(await page.Locator("#banner").IsHiddenAsync());
        await browser.AssertNoBrowserProblemsAsync();
    }

    [Fact]
    public async Task A_server_error_event_is_shown_and_kept_when_the_server_then_closes()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;
        await page.RouteWebSocketAsync("**/v1/stream*", socket =>
        {
            int seen = 0;
            socket.OnMessage(frame =>
            {
                if (Interlocked.Increment(ref seen) == 1)
                {
                    socket.Send("""{"type":"error","message":"the recogniser failed on this audio"}""");
                    _ = socket.CloseAsync(new() { Code = 1011, Reason = "the recogniser failed on this audio" });
                }
            });
        });

        await page.ClickAsync("#record-button");

        await Assertions.Expect(page.Locator("#banner-text")).ToHaveTextAsync("The live stream closed unexpectedly: the recogniser failed on this audio.");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Idle");
        await Assertions.Expect(page.Locator("#record-button")).ToBeEnabledAsync();
        await browser.AssertNoBrowserProblemsAsync();
    }

    [Fact]
    public async Task A_stream_the_server_drops_shows_an_error_and_returns_to_idle()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;

        // A server that drops the connection mid-stream (crash, restart) without an error event.
        await page.RouteWebSocketAsync("**/v1/stream*", socket =>
        {
            socket.OnMessage(_ => socket.CloseAsync(new() { Code = 1011, Reason = "engine failed" }));
        });
        await page.ClickAsync("#record-button");

        await Assertions.Expect(page.Locator("#banner-text")).ToHaveTextAsync("The live stream closed unexpectedly: code 1011: engine failed.");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Idle");
        await Assertions.Expect(page.Locator("#record-button")).ToBeEnabledAsync();
        await browser.AssertNoBrowserProblemsAsync();
    }
}
