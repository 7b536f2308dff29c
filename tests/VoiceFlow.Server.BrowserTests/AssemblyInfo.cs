using VoiceFlow.Server.BrowserTests.Support;

// One server and one chromium for the whole assembly; the tests share them, so they run one at a time.
[assembly: AssemblyFixture(typeof(BrowserFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
