using System.Runtime.Versioning;

// The soak drives the dictation recorder, which lives in the Linux-only dictation assembly.
[assembly: SupportedOSPlatform("linux")]
