using VoiceFlow.Server.Tests.Support;

[assembly: AssemblyFixture(typeof(EngineFixture))]
