namespace VoiceFlow.Whisper.Store;

/// <summary>Progress of a download.</summary>
/// <param name="BytesDone">Bytes on disk so far, including those resumed from an earlier attempt.</param>
/// <param name="TotalBytes">Full size when the server said it, else null.</param>
public readonly record struct DownloadProgress(long BytesDone, long? TotalBytes);
