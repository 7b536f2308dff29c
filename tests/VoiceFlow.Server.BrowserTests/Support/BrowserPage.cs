using Microsoft.Playwright;

namespace VoiceFlow.Server.BrowserTests.Support;

/// <summary>
/// One page of the site in its own browser context, recording everything the browser complains about: console
/// errors, uncaught exceptions, Content-Security-Policy violations and failed requests.
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    // Runs before the page's own scripts (injected by the driver, so the page's CSP does not apply to it).
    private const string ViolationRecorder =
        "window.__cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));";

    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url} ({request.Failure})");
    }

    public IPage Page { get; }

    /// <summary>Folder for screenshots, inside the test output folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<BrowserPage> OpenAsync(IBrowser browser, Uri address, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        await context.AddInitScriptAsync(ViolationRecorder);
        var page = await context.NewPageAsync();
        var session = new BrowserPage(context, page);
        await page.GotoAsync("/");
        return session;
    }

    /// <summary>Saves a full-page screenshot as screenshots/NAME.png in the test output folder; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        string path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>Fails with every console error, uncaught exception, CSP violation and failed request seen so far.</summary>
    public async Task AssertNoBrowserProblemsAsync()
    {
        string[] violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations");
        lock (_problems)
        {
            var all = _problems.Concat(violations.Select(v => $"CSP violation: {v}")).ToList();
            Assert.True(all.Count == 0, "the browser reported:\n" + string.Join('\n', all));
        }
    }

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
