using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>A loaded model's transcription service and what owns the model's memory (the engine factory).</summary>
/// <param name="Service">Transcribes with the model.</param>
/// <param name="Owner">Released after the service when the model is unloaded; null when the caller owns it.</param>
public sealed record LoadedModel(TranscriptionService Service, IAsyncDisposable? Owner) : IAsyncDisposable
{
    /// <summary>Releases the service, then the model.</summary>
    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync().ConfigureAwait(false);
        if (Owner is not null)
        {
            await Owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
