namespace VoiceFlow.Evaluation.Corpus;

/// <summary>Finds the VoiceFlow source tree (the folder holding VoiceFlow.slnx) a build or test runs from.</summary>
internal static class RepositoryLocator
{
    private const string Marker = "VoiceFlow.slnx";

    /// <summary>The repository root above the running assembly or the working directory, or null outside a checkout.</summary>
    public static string? FindRoot() => FindFrom(AppContext.BaseDirectory) ?? FindFrom(Environment.CurrentDirectory);

    private static string? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
