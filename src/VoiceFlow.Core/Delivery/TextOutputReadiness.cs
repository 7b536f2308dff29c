namespace VoiceFlow.Core.Delivery;

/// <summary>
/// Whether an output will work in this session, found before any text is spoken: how it will deliver ("typing with
/// wtype through the Wayland virtual-keyboard protocol") or exactly what to install or enable.
/// </summary>
/// <param name="IsReady">True when a delivery is expected to work.</param>
/// <param name="Description">The method that will be used, or the problem and its fix (one line).</param>
public sealed record TextOutputReadiness(bool IsReady, string Description)
{
    /// <summary>Ready, delivering as <paramref name="method"/> says.</summary>
    public static TextOutputReadiness Ready(string method) => new(true, method);

    /// <summary>Not ready, for the reason and fix <paramref name="problem"/> gives.</summary>
    public static TextOutputReadiness NotReady(string problem) => new(false, problem);
}
