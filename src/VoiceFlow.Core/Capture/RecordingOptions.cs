using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Capture;

/// <summary>How a dictation recording is shaped around its start and stop commands (the configuration's recording keys).</summary>
/// <param name="RecordingCapSeconds">recording_cap_seconds: longest recording kept.</param>
/// <param name="PreRollBufferSeconds">pre_roll_buffer_seconds: length of the always-on ring of recent audio.</param>
/// <param name="PreRollSeconds">pre_roll_seconds: how much of the ring starts each recording.</param>
/// <param name="TailSeconds">tail_seconds: audio still recorded after the stop command.</param>
/// <param name="ModelIdleUnloadSeconds">model_idle_unload_seconds: the dictation daemon releases its model after this long without a dictation (0: never).</param>
/// <param name="TailSilenceMs">tail_silence_ms: the tail ends once this much silence was heard after the stop command (0: the whole tail).</param>
/// <param name="DecodeWhileRecording">decode_while_recording: the dictation daemon decodes while the user speaks (engines that can).</param>
/// <param name="PhrasePauseMs">phrase_pause_ms: decoding while recording, a pause this long ends a phrase finished while the user goes on (0: no cutting).</param>
/// <param name="SpeculativePauseMs">speculative_pause_ms: a Whisper phrase starts decoding at a pause this long, used if no speech follows (0: none).</param>
public sealed record RecordingOptions(double RecordingCapSeconds = 300, double PreRollBufferSeconds = 1.5, double PreRollSeconds = 0.8, double TailSeconds = 0.35, double ModelIdleUnloadSeconds = 300, int TailSilenceMs = 150, bool DecodeWhileRecording = true, int PhrasePauseMs = 400, int SpeculativePauseMs = 150)
{
    /// <summary>The settings the configuration asks for.</summary>
    public static RecordingOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RecordingOptions(options.RecordingCapSeconds, options.PreRollBufferSeconds, options.PreRollSeconds, options.TailSeconds, options.ModelIdleUnloadSeconds, options.TailSilenceMs, options.DecodeWhileRecording, options.PhrasePauseMs, options.SpeculativePauseMs);
    }
}
