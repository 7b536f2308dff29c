using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;

namespace VoiceFlow.Core.Tests.Failures;

/// <summary>An error's kind decides, in one table, its exit code, HTTP status and socket name.</summary>
public class VoiceFlowErrorKindsTests
{
    public static TheoryData<Exception, VoiceFlowErrorKind, int> Errors() => new()
    {
        { new ConfigurationException("x"), VoiceFlowErrorKind.Configuration, 3 },
        { new AudioFormatException("x"), VoiceFlowErrorKind.Audio, 4 },
        { new AudioValidationException("x"), VoiceFlowErrorKind.Audio, 4 },
        { new AudioTooLongException("x"), VoiceFlowErrorKind.AudioTooLong, 4 },
        { new EngineException("x"), VoiceFlowErrorKind.Engine, 5 },
        { new ModelFormatException("x"), VoiceFlowErrorKind.Engine, 5 },
        { new UnsupportedRequestException("x", "language"), VoiceFlowErrorKind.Configuration, 3 },
        { new EngineBusyException("x"), VoiceFlowErrorKind.Busy, 6 },
        { new AudioCaptureException("x"), VoiceFlowErrorKind.Capture, 7 },
        { new TextOutputException("x"), VoiceFlowErrorKind.Output, 8 },
        { new HistoryException("x"), VoiceFlowErrorKind.History, 9 },
        { new VoiceFlowException("x"), VoiceFlowErrorKind.General, 1 },
        { new InvalidOperationException("x"), VoiceFlowErrorKind.General, 1 },
        { new OperationCanceledException(), VoiceFlowErrorKind.Cancelled, 130 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_error_has_its_kind_and_exit_code(Exception error, VoiceFlowErrorKind kind, int exitCode)
    {
        Assert.Equal(kind, VoiceFlowErrorKinds.Of(error));
        Assert.Equal(exitCode, VoiceFlowErrorKinds.ExitCode(kind));
    }

    [Fact]
    public void Every_kind_has_its_own_wire_name_that_reads_back()
    {
        var kinds = Enum.GetValues<VoiceFlowErrorKind>();
        var names = kinds.Select(VoiceFlowErrorKinds.WireName).ToList();

        Assert.Equal(kinds.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(kinds, kind => Assert.Equal(kind, VoiceFlowErrorKinds.FromWireName(VoiceFlowErrorKinds.WireName(kind))));
        Assert.Equal(VoiceFlowErrorKind.General, VoiceFlowErrorKinds.FromWireName("no-such-kind"));
        Assert.Equal(VoiceFlowErrorKind.General, VoiceFlowErrorKinds.FromWireName(null));
    }

    [Fact]
    public void Client_errors_are_4xx_and_server_failures_5xx()
    {
        Assert.Equal(400, VoiceFlowErrorKinds.HttpStatus(VoiceFlowErrorKind.Audio));
        Assert.Equal(400, VoiceFlowErrorKinds.HttpStatus(VoiceFlowErrorKind.AudioTooLong));
        Assert.Equal(400, VoiceFlowErrorKinds.HttpStatus(VoiceFlowErrorKind.Configuration));
        Assert.Equal(429, VoiceFlowErrorKinds.HttpStatus(VoiceFlowErrorKind.Busy));
        Assert.Equal(500, VoiceFlowErrorKinds.HttpStatus(VoiceFlowErrorKind.Engine));
        Assert.Equal(500, VoiceFlowErrorKinds.HttpStatus(VoiceFlowErrorKind.General));
    }
}
