using System.Text.Json;
using Microsoft.Playwright;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>The performance panel: /v1/stats drawn on the canvas after a transcription.</summary>
public sealed class StatsChartTests(BrowserFixture fixture)
{
    // Counts the canvas pixels painted in the speed line's colour and in the stage bars' colours (resolved from the
    // page's CSS variables through a 1×1 canvas, so the test follows the theme).
    private const string CountChartPixels = """
        () => {
          const canvas = document.getElementById('stats-chart');
          const style = getComputedStyle(canvas);
          const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
          const rgb = (name) => {
            probe.clearRect(0, 0, 1, 1);
            probe.fillStyle = style.getPropertyValue(name).trim();
            probe.fillRect(0, 0, 1, 1);
            return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
          };
          const line = rgb('--chart-line');
          const bars = [1, 2, 3, 4, 5, 6, 7].map((i) => rgb(`--chart-${i}`));
          const near = (data, i, c) => Math.abs(data[i] - c[0]) + Math.abs(data[i + 1] - c[1]) + Math.abs(data[i + 2] - c[2]) < 24;
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let linePixels = 0, barPixels = 0, painted = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] < 250) continue;
            painted++;
            if (near(data, i, line)) linePixels++;
            else if (bars.some((c) => near(data, i, c))) barPixels++;
          }
          return { linePixels, barPixels, painted, entries: Number(canvas.dataset.entries), label: canvas.getAttribute('aria-label') };
        }
        """;

    [Fact]
    public async Task After_a_transcription_the_chart_draws_stage_bars_and_the_speed_line()
    {
        await using var browser = await fixture.OpenPageAsync();
        var page = browser.Page;

        await page.SetInputFilesAsync("#file-input", fixture.UploadItem.Path);
        await Assertions.Expect(page.Locator("#upload-result")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // The upload triggers a stats refresh; the canvas records how many transcriptions it drew.
        await Assertions.Expect(page.Locator("#stats-chart")).Not.ToHaveAttributeAsync("data-entries", "0");
        var pixels = await page.EvaluateAsync<JsonElement>(CountChartPixels);
        TestContext.Current.TestOutputHelper?.WriteLine(pixels.ToString());
        Assert.True(pixels.GetProperty("entries").GetInt32() >= 1);
        Assert.True(pixels.GetProperty("barPixels").GetInt32() > 100, $"no stage bars drawn: {pixels}");
        Assert.True(pixels.GetProperty("linePixels").GetInt32() > 10, $"no speed-factor line drawn: {pixels}");
        Assert.StartsWith("Chart of ", pixels.GetProperty("label").GetString(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#stats-tiles .tile").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#stats-legend")).ToContainTextAsync("Speed factor");

        await browser.ScreenshotAsync("stats-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300); // the ResizeObserver redraws the canvas at the new width
        await browser.ScreenshotAsync("stats-narrow");
        var narrow = await page.EvaluateAsync<JsonElement>(CountChartPixels);
        Assert.True(narrow.GetProperty("barPixels").GetInt32() > 50, $"chart not redrawn at the narrow width: {narrow}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        await browser.AssertNoBrowserProblemsAsync();
    }
}
