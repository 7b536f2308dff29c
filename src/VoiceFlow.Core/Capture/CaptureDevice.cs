namespace VoiceFlow.Core.Capture;

/// <summary>One capture source as the sound server names it.</summary>
/// <param name="Name">What to pass as <see cref="CaptureRequest.Source"/>.</param>
/// <param name="Description">The human-readable name.</param>
/// <param name="IsMonitor">True for a sink's monitor (what is played), not a microphone.</param>
/// <param name="IsDefault">True for the server's default source.</param>
public sealed record CaptureDevice(string Name, string Description, bool IsMonitor, bool IsDefault);
