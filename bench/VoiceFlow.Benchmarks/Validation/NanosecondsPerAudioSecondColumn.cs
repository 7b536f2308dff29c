using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace VoiceFlow.Benchmarks.Validation;

/// <summary>
/// Mean time per operation scaled to one second of 16 kHz audio, read from the benchmark's
/// "BlockSize" parameter (samples per operation): comparable across block sizes.
/// </summary>
public sealed class NanosecondsPerAudioSecondColumn : IColumn
{
    public string Id => nameof(NanosecondsPerAudioSecondColumn);

    public string ColumnName => "ns/s audio";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean time per operation divided by the seconds of 16 kHz audio one operation handles";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null || benchmarkCase.Parameters["BlockSize"] is not int blockSize || blockSize == 0)
        {
            return "-";
        }

        double audioSeconds = blockSize / 16000.0;
        return (statistics.Mean / audioSeconds).ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
