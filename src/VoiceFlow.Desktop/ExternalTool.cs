namespace VoiceFlow.Desktop;

/// <summary>A command-line program VoiceFlow drives to deliver text, with the Debian package that provides it.</summary>
/// <param name="Command">The executable's name, looked up on PATH.</param>
/// <param name="Package">The Debian package to install when it is missing.</param>
public sealed record ExternalTool(string Command, string Package)
{
    public static readonly ExternalTool Xdotool = new("xdotool", "xdotool");
    public static readonly ExternalTool Xclip = new("xclip", "xclip");
    public static readonly ExternalTool Xsel = new("xsel", "xsel");
    public static readonly ExternalTool WlCopy = new("wl-copy", "wl-clipboard");
    public static readonly ExternalTool WlPaste = new("wl-paste", "wl-clipboard");
    public static readonly ExternalTool Wtype = new("wtype", "wtype");
    public static readonly ExternalTool Ydotool = new("ydotool", "ydotool");

    /// <summary>The full path of the executable on <paramref name="searchPath"/> (a PATH value), or null when it is not there.</summary>
    public string? Locate(string? searchPath)
    {
        foreach (string folder in (searchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, Command);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>The clause an error ends with: "install it with: sudo apt-get install PACKAGE".</summary>
    public string InstallHint => $"{Command} not found on PATH; install it with: sudo apt-get install {Package}";
}
