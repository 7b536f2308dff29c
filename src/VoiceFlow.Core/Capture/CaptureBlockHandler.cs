namespace VoiceFlow.Core.Capture;

/// <summary>
/// Receives one block read by a <see cref="CaptureLoop"/>, on the loop's thread. The span is the loop's own reused
/// buffer: valid only during the call, so a handler that keeps samples copies them.
/// </summary>
/// <param name="block">16 kHz mono samples, usually <see cref="CaptureRequest.BlockSamples"/> of them.</param>
public delegate void CaptureBlockHandler(ReadOnlySpan<float> block);
