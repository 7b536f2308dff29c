using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Dictation.Tests;

/// <summary>An error raised in the daemon comes out of the client as the same type, so <c>dictate end</c> keeps the exit codes.</summary>
public class ErrorKindRoundTripTests
{
    public static TheoryData<Exception> Errors() =>
    [
        new AudioCaptureException("capture"),
        new TextOutputException("output"),
        new HistoryException("history"),
        new EngineBusyException("busy"),
        new EngineException("engine"),
        new AudioValidationException("audio"),
        new AudioTooLongException("too long"),
        new ConfigurationException("config"),
        new DictationStateException("state"),
        new DictationException("protocol"),
    ];

    [Theory]
    [MemberData(nameof(Errors))]
    public void The_client_raises_the_daemons_error_type_and_exit_code(Exception error)
    {
        var raised = DictationErrors.ToException(DictationErrors.KindOf(error), error.Message);

        Assert.IsType(error.GetType(), raised);
        Assert.Equal(error.Message, raised.Message);
        Assert.Equal(VoiceFlowErrorKinds.ExitCode(VoiceFlowErrorKinds.Of(error)), VoiceFlowErrorKinds.ExitCode(raised.Kind));
    }

    [Fact]
    public void A_cancelled_recording_is_a_state_error_and_an_unknown_kind_a_dictation_error()
    {
        Assert.IsType<DictationStateException>(DictationErrors.ToException(DictationErrors.KindOf(new OperationCanceledException()), "cancelled"));
        Assert.IsType<DictationException>(DictationErrors.ToException("from-a-newer-daemon", "what"));
        Assert.Contains("without a message", DictationErrors.ToException(null, null).Message, StringComparison.Ordinal);
    }
}
