using System.Globalization;
using System.Text.RegularExpressions;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Reads ffmpeg's stderr (run with -loglevel level+info, so each line starts with its level): keeps the
/// input's description (container, codec, rate, channels, duration) and the last error line, in bounded memory.
/// </summary>
internal sealed partial class FfmpegLog
{
    private const int KeptLines = 8;
    private readonly Queue<string> _lastLines = new();
    private bool _inInputSection;

    internal string? Container { get; private set; }
    internal string? Codec { get; private set; }
    internal int SampleRate { get; private set; }
    internal int Channels { get; private set; }
    internal TimeSpan? Duration { get; private set; }
    internal string? LastError { get; private set; }

    /// <summary>The last error line, else the last line, for messages.</summary>
    internal string LastMessage => LastError ?? _lastLines.LastOrDefault() ?? "ffmpeg printed nothing";

    internal async Task ReadAllAsync(StreamReader stderr)
    {
        while (await stderr.ReadLineAsync().ConfigureAwait(false) is { } line)
            Add(line);
    }

    internal void Add(string line)
    {
        if (line.Length > 500) line = line[..500];
        string text = StripLevel(line, out string level);
        if (text.Length == 0) return;
        if (_lastLines.Count == KeptLines) _lastLines.Dequeue();
        _lastLines.Enqueue(text);
        if (level is "error" or "fatal" or "panic")
            LastError = text;
        ParseInputDescription(text);
    }

    private void ParseInputDescription(string text)
    {
        if (InputLine().Match(text) is { Success: true } input)
        {
            _inInputSection = Container is null;
            Container ??= input.Groups[1].Value;
        }
        else if (text.StartsWith("Output #", StringComparison.Ordinal) || text.StartsWith("Stream mapping", StringComparison.Ordinal))
        {
            _inInputSection = false;
        }
        else if (_inInputSection && DurationLine().Match(text) is { Success: true } duration && Duration is null)
        {
            Duration = TimeSpan.ParseExact(duration.Groups[1].Value, @"hh\:mm\:ss\.ff", CultureInfo.InvariantCulture);
        }
        else if (_inInputSection && Codec is null && AudioStreamLine().Match(text) is { Success: true } stream)
        {
            Codec = stream.Groups[1].Value;
            string details = stream.Groups[2].Value;
            if (RateField().Match(details) is { Success: true } rate)
                SampleRate = int.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
            Channels = ChannelsOf(details);
        }
    }

    private static int ChannelsOf(string details)
    {
        if (ChannelCountField().Match(details) is { Success: true } count)
            return int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
        if (details.Contains(", mono", StringComparison.Ordinal)) return 1;
        if (details.Contains(", stereo", StringComparison.Ordinal)) return 2;
        if (details.Contains(", 5.1", StringComparison.Ordinal)) return 6;
        if (details.Contains(", 7.1", StringComparison.Ordinal)) return 8;
        return 0;
    }

    private static string StripLevel(string line, out string level)
    {
        level = "";
        if (line.StartsWith('[') && line.IndexOf("] ", StringComparison.Ordinal) is > 0 and var end)
        {
            level = line[1..end];
            return line[(end + 2)..].Trim();
        }
        return line.Trim();
    }

    [GeneratedRegex(@"^Input #0, (.+?), from ")]
    private static partial Regex InputLine();

    [GeneratedRegex(@"^Duration: (\d\d:\d\d:\d\d\.\d\d)")]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"^Stream #0:\d+.*?: Audio: ([A-Za-z0-9_]+)(.*)$")]
    private static partial Regex AudioStreamLine();

    [GeneratedRegex(@", (\d+) Hz")]
    private static partial Regex RateField();

    [GeneratedRegex(@", (\d+) channels")]
    private static partial Regex ChannelCountField();
}
