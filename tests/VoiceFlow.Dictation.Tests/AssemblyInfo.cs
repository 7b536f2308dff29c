using System.Runtime.Versioning;
using VoiceFlow.Dictation.Tests.Support;

[assembly: SupportedOSPlatform("linux")]
[assembly: AssemblyFixture(typeof(EngineFixture))]
[assembly: AssemblyFixture(typeof(SentencePairDecodes))]
