namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// How many rows (beams) one instantiation of a grouped kernel serves. Implemented by empty structs, so the JIT
/// compiles one copy per count with the count a constant: the branches for absent rows vanish and every accumulator
/// stays in a register.
/// </summary>
internal interface IGroupSize
{
    static abstract int Count { get; }
}

internal readonly struct GroupOf1 : IGroupSize
{
    public static int Count => 1;
}

internal readonly struct GroupOf2 : IGroupSize
{
    public static int Count => 2;
}

internal readonly struct GroupOf3 : IGroupSize
{
    public static int Count => 3;
}

internal readonly struct GroupOf4 : IGroupSize
{
    public static int Count => 4;
}

internal readonly struct GroupOf5 : IGroupSize
{
    public static int Count => 5;
}
