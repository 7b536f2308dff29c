namespace VoiceFlow.Tests.Shared;

/// <summary>
/// Locates the project's shared folder (fixtures): <c>$VOICEFLOW_SHARED_DIR</c>, else <c>&lt;repo root&gt;/../shared</c>
/// where the repo root is the folder holding VoiceFlow.slnx above the test assembly. Compiled into every test project.
/// </summary>
internal static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The shared folder, or null when absent.</summary>
    public static string? Path => Root.Value;

    /// <summary>The repository root: the folder holding VoiceFlow.slnx above the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "VoiceFlow.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("repository root (VoiceFlow.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Full path of <paramref name="relativePath"/> inside the shared folder; skips the test when it is absent.</summary>
    public static string Require(string relativePath)
    {
        string? path = Root.Value is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(Root.Value, relativePath));
        if (path is null || !(File.Exists(path) || Directory.Exists(path)))
        {
            Assert.Skip($"shared fixture {relativePath} not found (place the shared folder beside the repository or set VOICEFLOW_SHARED_DIR)");
        }

        return path;
    }

    private static string? Find()
    {
        string? overridden = Environment.GetEnvironmentVariable("VOICEFLOW_SHARED_DIR");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Directory.Exists(overridden) ? System.IO.Path.GetFullPath(overridden) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VoiceFlow.slnx")))
            {
                string shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }
}
