namespace VoiceFlow.PulseAudio.Interop;

/// <summary>The pa_error_code_t values VoiceFlow tells apart.</summary>
internal enum PulseErrorCode
{
    Ok = 0,
    Access = 1,
    Invalid = 3,
    NoEntity = 5,
    ConnectionRefused = 6,
    Protocol = 7,
    Timeout = 8,
    AuthKey = 9,
    ConnectionTerminated = 11,
    Killed = 12,
    InvalidServer = 13,
}
