using Microsoft.Playwright;

namespace VoiceFlow.Server.BrowserTests.Support;

/// <summary>
/// Launches Debian's chromium (package <c>chromium</c>) headless through Playwright: no browser download, no network.
/// The microphone is chromium's fake capture device playing a WAV file once (<c>%noloop</c>), then silence.
/// </summary>
internal static class Chromium
{
    /// <summary>Overrides the browser executable.</summary>
    public const string ExecutableVariable = "VOICEFLOW_CHROMIUM";

    public const string DefaultExecutable = "/usr/bin/chromium";

    public static string Executable =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : DefaultExecutable;

    /// <summary>Skips the test when chromium is not installed.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(Executable))
        {
            Assert.Skip($"chromium not found at {Executable} (apt-get install chromium, or set {ExecutableVariable})");
        }
    }

    /// <summary>
    /// Starts chromium. Playwright gives it a fresh temporary profile (<c>--user-data-dir</c>) and deletes it on close.
    /// </summary>
    /// <param name="playwright">The Playwright driver.</param>
    /// <param name="microphoneWav">16-bit PCM WAV the fake microphone plays once.</param>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string microphoneWav) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                $"--use-file-for-fake-audio-capture={microphoneWav}%noloop",
                "--autoplay-policy=no-user-gesture-required",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
            ],
        });
}
