namespace VoiceFlow.Core.Capture;

/// <summary>A change of a <see cref="CaptureLoop"/>'s connection.</summary>
/// <param name="Connected">False: the connection was just lost; true: it is back.</param>
/// <param name="Error">Lost: why. Back: the last failed attempt's error, if any attempt failed.</param>
/// <param name="Outage">Back: how long there was no connection.</param>
/// <param name="Attempts">Back: how many opens it took.</param>
public sealed class CaptureConnectionEventArgs(bool Connected, AudioCaptureException? Error, TimeSpan Outage, int Attempts) : EventArgs
{
    /// <summary>False: the connection was just lost; true: it is back.</summary>
    public bool Connected { get; } = Connected;

    /// <summary>Lost: why. Back: the last failed attempt's error, if any attempt failed.</summary>
    public AudioCaptureException? Error { get; } = Error;

    /// <summary>Back: how long there was no connection.</summary>
    public TimeSpan Outage { get; } = Outage;

    /// <summary>Back: how many opens it took.</summary>
    public int Attempts { get; } = Attempts;
}
