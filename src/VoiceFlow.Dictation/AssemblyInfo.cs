using System.Runtime.Versioning;

// Unix sockets with SO_PEERCRED, flock and Unix file modes: Linux only.
[assembly: SupportedOSPlatform("linux")]
