using VoiceFlow.Core.Capture;
using VoiceFlow.PulseAudio.Interop;

namespace VoiceFlow.PulseAudio;

/// <summary>One-line capture errors that say what to do: install a package, start or reach the server, pick a known source.</summary>
internal static class PulseCaptureErrors
{
    public static AudioCaptureException LibraryMissing(DllNotFoundException ex) => new(
        $"PulseAudio client library {PulseSimpleNative.Library} is not installed: apt-get install libpulse0", ex);

    public static AudioCaptureException ToolMissing(string tool, Exception ex) => new(
        $"{tool} not found: apt-get install pulseaudio-utils", ex);

    public static AudioCaptureException Unreachable(string? server, string detail) => new(
        $"PulseAudio server not reachable at {PulseServerAddress.Describe(server)}: {detail}");

    public static AudioCaptureException UnknownSource(string source, string? server) => new(
        $"PulseAudio source '{source}' not found on {PulseServerAddress.Describe(server)}; run 'voiceflow devices' to list the sources");

    /// <summary>The error of a failed pa_simple_new.</summary>
    public static AudioCaptureException OpenFailed(int error, string? source, string? server) => (PulseErrorCode)error switch
    {
        PulseErrorCode.NoEntity when source is not null => UnknownSource(source, server),
        PulseErrorCode.ConnectionRefused or PulseErrorCode.InvalidServer or PulseErrorCode.Timeout or PulseErrorCode.ConnectionTerminated
            or PulseErrorCode.Protocol or PulseErrorCode.Killed => Unreachable(server, PulseNative.Describe(error)),
        PulseErrorCode.Access or PulseErrorCode.AuthKey => new AudioCaptureException(
            $"PulseAudio server at {PulseServerAddress.Describe(server)} refused access: {PulseNative.Describe(error)} (is it another user's server?)"),
        _ => new AudioCaptureException(
            $"PulseAudio refused to record from {(source is null ? "the default source" : $"'{source}'")} on {PulseServerAddress.Describe(server)}: {PulseNative.Describe(error)}"),
    };

    /// <summary>The error of a failed pa_simple_read: the server or the device went away.</summary>
    public static AudioCaptureException ReadFailed(int error, string sourceName, string? server) => new(
        $"PulseAudio capture from {sourceName} stopped: {PulseNative.Describe(error)} (server {PulseServerAddress.Describe(server)})");
}
