using Microsoft.Playwright;
using VoiceFlow.Server.BrowserTests.Support;

namespace VoiceFlow.Server.BrowserTests;

/// <summary>A server that requires an API key: the page says so, and works once the key is entered in its settings.</summary>
public sealed class ApiKeyPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Without_the_key_the_page_says_so_and_with_it_uploads_and_stats_work()
    {
        await fixture.EnsureStartedAsync();
        await using var server = await fixture.StartServerAsync(apiKey: "browser-test-key");
        await using var browser = await fixture.OpenPageAsync(server: server);
        var page = browser.Page;

        await Assertions.Expect(page.Locator("#stats-updated")).ToContainTextAsync("Statistics unavailable");
        await Assertions.Expect(page.Locator("#stats-updated")).ToContainTextAsync("401");
        await page.SetInputFilesAsync("#file-input", fixture.UploadItem.Path);
        await Assertions.Expect(page.Locator("#upload-status")).ToContainTextAsync("API key");

        await page.ClickAsync(".settings summary");
        await page.FillAsync("#api-key", "browser-test-key");
        await page.PressAsync("#api-key", "Enter");
        await page.SetInputFilesAsync("#file-input", fixture.UploadItem.Path);

        await Assertions.Expect(page.Locator("#upload-result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upload-text")).ToContainTextAsync("weather");
        await Assertions.Expect(page.Locator("#stats-updated")).ToContainTextAsync("Updated");
        await Assertions.Expect(page.Locator("#stats-chart")).ToHaveAttributeAsync("data-entries", "1");
        Assert.Equal("http://" + server.Address.Authority + "/", page.Url);
    }
}
