namespace VoiceFlow.ServerBench;

/// <summary>Resident set size of a process, from /proc (Linux).</summary>
internal static class Rss
{
    /// <summary>VmRSS in KiB, or null when the process or /proc is not there.</summary>
    public static long? Of(int pid)
    {
        string path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
