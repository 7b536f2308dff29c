using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using VoiceFlow.Core.Errors;
using VoiceFlow.Dictation.Protocol;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>The wire format: one JSON line each way, clear errors for anything else, same-user only.</summary>
public sealed class ProtocolTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_is_one_snake_case_json_line()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        string answer = await RawExchangeAsync(harness.Paths.SocketPath, "{\"command\":\"status\"}\n");

        Assert.EndsWith("\n", answer, StringComparison.Ordinal);
        Assert.Single(answer.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("{\"ok\":true,\"action\":\"status\",\"status\":{\"state\":\"idle\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"capture_healthy\":", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json\n", "not a JSON object")]
    [InlineData("{\"cmd\":\"status\"}\n", "no \\\"command\\\" field")]
    [InlineData("{\"command\":\"dance\"}\n", "unknown command 'dance'; expected one of: begin, end, toggle, cancel, status, shutdown")]
    public async Task Bad_requests_get_a_protocol_error_naming_the_cause(string request, string expected)
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        var response = DictationWire.ParseResponse(Encoding.UTF8.GetBytes(await RawExchangeAsync(harness.Paths.SocketPath, request)));

        Assert.False(response.Ok);
        Assert.Equal(VoiceFlowErrorKinds.WireName(VoiceFlowErrorKind.Dictation), response.ErrorKind);
        Assert.Contains(expected.Replace("\\\"", "\"", StringComparison.Ordinal), response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_request_is_refused_without_reading_it_all()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        var response = DictationWire.ParseResponse(Encoding.UTF8.GetBytes(await RawExchangeAsync(harness.Paths.SocketPath, new string('x', 100_000) + "\n")));

        Assert.False(response.Ok);
        Assert.Contains("longer than 4096 bytes", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_is_refused_by_peer_credentials()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv") || !File.Exists("/usr/bin/perl"))
        {
            Assert.Skip("needs root, setpriv and perl (Debian essentials) to connect as another uid");
        }

        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        // Open the file-system path to everyone so only SO_PEERCRED stands between uid 65534 and the daemon.
        for (var dir = new DirectoryInfo(harness.Paths.RuntimeDirectory); dir is not null && dir.FullName != "/tmp"; dir = dir.Parent)
        {
            dir.UnixFileMode |= UnixFileMode.OtherExecute | UnixFileMode.OtherRead;
        }

        File.SetUnixFileMode(harness.Paths.SocketPath, (UnixFileMode)0b110_110_110);
        // perl-base is essential on Debian, so this client exists wherever the test runs as root.
        string script = "use IO::Socket::UNIX; $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die \"connect: $!\"; print $s qq({\"command\":\"begin\"}\\n); print scalar <$s>;";
        var start = new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/perl", "-e", script, harness.Paths.SocketPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync(Ct);
        string error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.True(process.ExitCode == 0, $"client failed: {error}");
        var response = DictationWire.ParseResponse(Encoding.UTF8.GetBytes(output.Trim()));
        Assert.False(response.Ok);
        Assert.Equal(VoiceFlowErrorKinds.WireName(VoiceFlowErrorKind.Refused), response.ErrorKind);
        Assert.Contains("uid 65534", response.Error, StringComparison.Ordinal);
        // Nothing started recording.
        Assert.Equal("idle", (await harness.Client.SendAsync("status", Ct)).Status!.State);
    }

    private static async Task<string> RawExchangeAsync(string socketPath, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), Ct);
        await using var stream = new NetworkStream(socket);
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), Ct);
        }
        catch (IOException)
        {
            // The daemon may answer and close before an oversized request is fully written.
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }
}
