using System.Diagnostics;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

/// <summary>Reruns the kernel tests in a child process with AVX2 disabled, so the 128-bit paths run as the production choice.</summary>
public class FallbackPathTests
{
    private const string ChildMarker = "VOICEFLOW_TEST_CHILD";

    [Fact]
    public async Task Kernel_tests_pass_with_avx2_disabled()
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) == "1")
        {
            Assert.Skip("already inside the AVX2-disabled child run");
        }

        string assembly = typeof(FallbackPathTests).Assembly.Location;
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("-class");
        start.ArgumentList.Add(typeof(KernelSweepTests).FullName!);
        start.ArgumentList.Add("-class");
        start.ArgumentList.Add(typeof(FlashAttentionTests).FullName!);
        start.ArgumentList.Add("-noColor");
        start.Environment["DOTNET_EnableAVX2"] = "0";
        start.Environment[ChildMarker] = "1";
        start.Environment.Remove(SimdSupport.EnvironmentVariable);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        Assert.True(child.ExitCode == 0, $"child run failed (exit {child.ExitCode}):\n{output}");
        Assert.Contains("Failed: 0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Total: 0,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simd_selection_honours_the_environment_override()
    {
        Assert.Equal(SimdLevel.Scalar, SimdSupport.Select("scalar"));
        Assert.NotEqual(SimdLevel.Avx2, SimdSupport.Select("v128"));
        Assert.Equal(SimdSupport.Select(null), SimdSupport.Select("auto"));
    }
}
