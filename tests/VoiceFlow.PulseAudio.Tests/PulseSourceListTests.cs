using VoiceFlow.Core.Capture;

namespace VoiceFlow.PulseAudio.Tests;

public class PulseSourceListTests
{
    [Fact]
    public void Pactl_json_becomes_devices_with_monitor_and_default_marks()
    {
        const string json = """
            [{"index":0,"name":"vsink.monitor","description":"Monitor of Null Output","properties":{"device.class":"monitor"}},
             {"index":1,"name":"alsa_input.usb-mic","description":"USB Microphone","properties":{"device.class":"sound"}},
             {"index":2,"name":"bare","properties":{}}]
            """;
        var devices = PulseSourceList.Parse(json, "alsa_input.usb-mic");

        Assert.Equal(
            [new CaptureDevice("vsink.monitor", "Monitor of Null Output", true, false), new CaptureDevice("alsa_input.usb-mic", "USB Microphone", false, true), new CaptureDevice("bare", "bare", false, false)],
            devices);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"name\":\"x\"}")]
    [InlineData("[{\"description\":\"no name\"}]")]
    public void Output_that_is_not_a_source_list_is_a_capture_error(string output)
    {
        var error = Assert.Throws<AudioCaptureException>(() => PulseSourceList.Parse(output, null));
        Assert.Contains("pactl", error.Message, StringComparison.Ordinal);
    }
}
