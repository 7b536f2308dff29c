using VoiceFlow.PocketSphinx.Tests.Support;

[assembly: AssemblyFixture(typeof(EngineFixture))]
