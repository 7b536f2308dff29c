using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Tests.Vad;

/// <summary>Frame agreement of the detector on a noisy item with labels taken from the clean speech it was mixed from.</summary>
internal sealed record VadScore(string Id, double SnrDb, string Noise, int Frames, int Correct, int SpeechFrames, int SpeechHits, int SilenceFrames, int FalseAlarms)
{
    public double Accuracy => Correct / (double)Frames;

    public double SpeechRecall => SpeechHits / (double)Math.Max(1, SpeechFrames);

    public double FalseAlarmRate => FalseAlarms / (double)Math.Max(1, SilenceFrames);

    public static VadScore Measure(SpeechCorpus corpus, CorpusItem noisy, VadOptions options)
    {
        var vad = new EnergyVad(options);
        int frameSamples = vad.FrameSamples;
        float[] mix = noisy.LoadSamples();
        bool[] cleanLabels = SpeechReference.LabelFrames(corpus[noisy.SourceId!].LoadSamples(), frameSamples);

        int frames = mix.Length / frameSamples;
        int offset = noisy.PaddingSamples / frameSamples;
        var truth = new bool[frames];
        cleanLabels.CopyTo(truth, offset);

        bool[] decided = EnergyVad.FrameDecisions(EnergyVad.Detect(mix, options), frames, frameSamples);
        int correct = 0, speech = 0, hits = 0, silence = 0, falseAlarms = 0;
        for (int f = 0; f < frames; f++)
        {
            correct += truth[f] == decided[f] ? 1 : 0;
            if (truth[f])
            {
                speech++;
                hits += decided[f] ? 1 : 0;
            }
            else
            {
                silence++;
                falseAlarms += decided[f] ? 1 : 0;
            }
        }

        return new VadScore(noisy.Id, noisy.SnrDb!.Value, noisy.Noise!, frames, correct, speech, hits, silence, falseAlarms);
    }
}
