namespace VoiceFlow.Core.Audio;

/// <summary>Kaiser window and the textbook (Kaiser 1974) relations between stopband attenuation, beta and filter length.</summary>
internal static class KaiserWindow
{
    /// <summary>Beta giving <paramref name="attenuationDb"/> of stopband attenuation.</summary>
    internal static double BetaFor(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => (0.5842 * Math.Pow(attenuationDb - 21, 0.4)) + (0.07886 * (attenuationDb - 21)),
        _ => 0,
    };

    /// <summary>Taps needed for <paramref name="attenuationDb"/> with a transition band of <paramref name="transitionWidth"/> cycles per sample.</summary>
    internal static double LengthFor(double attenuationDb, double transitionWidth) =>
        ((attenuationDb - 7.95) / (14.36 * transitionWidth)) + 1;

    /// <summary>Window value at <paramref name="x"/> in [-1, 1] (0 outside); <paramref name="besselI0OfBeta"/> is <see cref="BesselI0"/>(beta), computed once per design.</summary>
    internal static double Value(double x, double beta, double besselI0OfBeta)
    {
        if (Math.Abs(x) > 1) return 0;
        return BesselI0(beta * Math.Sqrt(1 - (x * x))) / besselI0OfBeta;
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges fast for beta &lt; 20).</summary>
    internal static double BesselI0(double x)
    {
        double sum = 1, term = 1, halfX = x / 2;
        for (int k = 1; k < 100; k++)
        {
            term *= halfX / k;
            double squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17) break;
        }
        return sum;
    }
}
