namespace VoiceFlow.Core.Tests;

/// <summary>Locates the shared fixtures folder: $VOICEFLOW_SHARED_DIR, else &lt;repo root&gt;/../shared.</summary>
internal static class SharedFixtures
{
    /// <summary>Path of a file under the shared folder; skips the test when the folder or file is absent.</summary>
    public static string File(string relativePath)
    {
        string? root = Environment.GetEnvironmentVariable("VOICEFLOW_SHARED_DIR");
        if (string.IsNullOrWhiteSpace(root))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "VoiceFlow.slnx")))
                {
                    root = Path.Combine(dir.FullName, "..", "shared");
                    break;
                }
            }
        }

        string? path = root is null ? null : Path.GetFullPath(Path.Combine(root, relativePath));
        if (path is null || !System.IO.File.Exists(path))
        {
            Assert.Skip($"shared fixture {relativePath} not found (set VOICEFLOW_SHARED_DIR)");
        }

        return path;
    }
}
