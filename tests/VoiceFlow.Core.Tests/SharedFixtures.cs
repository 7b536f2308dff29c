using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Core.Tests;

/// <summary>Files under the shared fixtures folder (see <see cref="SharedFolder"/>).</summary>
internal static class SharedFixtures
{
    /// <summary>Path of a file under the shared folder; skips the test when the folder or file is absent.</summary>
    public static string File(string relativePath) => SharedFolder.Require(relativePath);
}
