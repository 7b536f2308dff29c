using System.Diagnostics;

namespace VoiceFlow.Core.Tests.Validation;

/// <summary>
/// The kernels branch on the machine's vector width. Like ImageSharp, re-run the kernel tests in a
/// child process (the test assembly run through its own xunit command line) with narrower (128-bit) vectors and with no hardware intrinsics at all, so every
/// path is tested on one machine.
/// </summary>
public class VectorFallbackTests
{
    internal const string ExpectedWidthVariable = "VOICEFLOW_TEST_EXPECTED_VECTOR_FLOATS";

    [Theory]
    [InlineData("DOTNET_EnableAVX2", 4)]          // Vector<float> of 128 bits
    [InlineData("DOTNET_EnableHWIntrinsic", 0)]   // not accelerated: the scalar paths
    public async Task Kernel_tests_pass_with_narrower_vectors(string switchVariable, int expectedFloats)
    {
        if (Environment.GetEnvironmentVariable(ExpectedWidthVariable) is not null)
        {
            Assert.Skip("already inside a child run");
        }

        if (expectedFloats > 0 && !System.Runtime.Intrinsics.X86.Sse2.IsSupported)
        {
            Assert.Skip("the 128-bit run is an x86 setting");
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VoiceFlow.Core.Tests.dll"));
        foreach (var testClass in new[] { nameof(AudioScannerTests), nameof(SampleRepairTests), nameof(FiniteGuardTests), nameof(VectorWidthProbeTests) })
        {
            start.ArgumentList.Add("-class");
            start.ArgumentList.Add($"{typeof(VectorFallbackTests).Namespace}.{testClass}");
        }

        start.ArgumentList.Add("-noColor");
        start.Environment[switchVariable] = "0";
        start.Environment[ExpectedWidthVariable] = expectedFloats.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = child.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }

        string stdout = await output;
        Assert.True(child.ExitCode == 0, $"child run with {switchVariable}=0 failed:\n{stdout}\n{await errors}");
        Assert.Matches(@"Total: [1-9]\d*, Errors: 0, Failed: 0", stdout);
    }
}
