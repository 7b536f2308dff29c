namespace VoiceFlow.Core.Vad;

/// <summary>The <see cref="EnergyVad"/> as a <see cref="ISpeechDetector"/>: the detector that needs no model.</summary>
public sealed class EnergySpeechDetector : ISpeechDetector
{
    /// <summary>vad_detector's name for it.</summary>
    public const string DetectorName = "energy";

    /// <summary>vad_threshold 0.5 is the tuned start threshold of 5 dB.</summary>
    private const double DecibelsPerThresholdUnit = 10;

    private readonly VadOptions _options;

    /// <param name="options">Detector settings; null for the defaults.</param>
    /// <exception cref="Errors.ConfigurationException">An option is out of range.</exception>
    public EnergySpeechDetector(VadOptions? options = null)
    {
        _options = options ?? new VadOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public string? Model => null;

    /// <inheritdoc />
    public IReadOnlyList<SampleRange> Detect(ReadOnlySpan<float> samples, TimeSpan? maxSpeech = null) =>
        // An energy contour has no notion of a best pause: the segmenter cuts overlong regions at their quietest frame.
        EnergyVad.Detect(samples, _options);

    /// <inheritdoc />
    public IVoiceActivityDetector CreateStream(TimeSpan endOfSpeechSilence, double? threshold = null)
    {
        // Live audio keeps the tuned detector defaults unless a sensitivity is asked for; the pause that ends an
        // utterance is the caller's.
        var options = new VadOptions { MinSilenceMilliseconds = (int)endOfSpeechSilence.TotalMilliseconds };
        if (threshold is { } t)
        {
            double startDb = Math.Max(0.5, DecibelsPerThresholdUnit * t);
            options = options with { StartThresholdDb = startDb, ContinueThresholdDb = startDb * 0.8 };
        }

        return new EnergyVad(options);
    }
}
