namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// The 32-bit Mersenne Twister (std::mt19937), so that sampling at temperature &gt; 0 draws the same numbers as
/// whisper.cpp for the same seed (decoder j is seeded with j).
/// </summary>
internal sealed class Mt19937
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _state = new uint[N];
    private int _index;

    public Mt19937(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _state[i] = unchecked((1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i);
        }

        _index = N;
    }

    /// <summary>Next 32-bit output.</summary>
    public uint Next()
    {
        if (_index >= N)
        {
            Twist();
        }

        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) built from two outputs, as libstdc++'s generate_canonical&lt;double, 53&gt;.</summary>
    public double NextCanonical()
    {
        var sum = (double)Next();
        sum += Next() * 4294967296.0;
        var result = sum / 18446744073709551616.0;
        return result >= 1.0 ? Math.BitDecrement(1.0) : result;
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_state[i] & 0x80000000u) | (_state[(i + 1) % N] & 0x7fffffffu);
            var next = _state[(i + M) % N] ^ (y >> 1);
            _state[i] = (y & 1u) != 0 ? next ^ 0x9908b0dfu : next;
        }

        _index = 0;
    }
}
