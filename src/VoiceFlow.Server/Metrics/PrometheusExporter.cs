using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace VoiceFlow.Server.Metrics;

/// <summary>
/// Renders one <see cref="Meter"/>'s instruments in the Prometheus text format (version 0.0.4), fed by a
/// <see cref="MeterListener"/>: counters become <c>_total</c> series, histograms cumulative <c>_bucket</c> series with
/// <c>_sum</c> and <c>_count</c>, observable gauges are read at scrape time. Names are the instrument names with dots
/// turned into underscores plus a unit suffix (<c>voiceflow.stage.duration</c> in ms →
/// <c>voiceflow_stage_duration_milliseconds</c>). Only the given meter is listened to, so servers in one process stay apart.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] SecondBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] MillisecondBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
    private static readonly double[] FactorBuckets = [0.5, 1, 2, 5, 10, 20, 50, 100, 200];

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<Instrument, Dictionary<string, Series>> _series = [];

    public PrometheusExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The current values as Prometheus text.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        lock (_gate)
        {
            foreach (var (instrument, series) in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal))
            {
                string name = MetricName(instrument);
                string type = instrument switch
                {
                    Counter<long> or Counter<double> or Counter<int> => "counter",
                    Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
                    _ => "gauge",
                };
                text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} {type}\n");
                foreach (var (labels, value) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    value.Write(text, name, labels, type);
                }
            }
        }

        return text.ToString();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string labels = Labels(tags);
        lock (_gate)
        {
            if (!_series.TryGetValue(instrument, out var byLabels))
            {
                byLabels = [];
                _series[instrument] = byLabels;
            }

            if (!byLabels.TryGetValue(labels, out var series))
            {
                series = new Series(instrument is Histogram<double> or Histogram<long> or Histogram<int> ? BucketsFor(instrument.Unit) : null);
                byLabels[labels] = series;
            }

            bool cumulative = instrument is Counter<long> or Counter<double> or Counter<int> or UpDownCounter<long> or UpDownCounter<double>;
            series.Add(value, cumulative);
        }
    }

    private static double[] BucketsFor(string? unit) => unit switch
    {
        "s" => SecondBuckets,
        "{x}" => FactorBuckets,
        _ => MillisecondBuckets,
    };

    private static string MetricName(Instrument instrument)
    {
        string name = instrument.Name.Replace('.', '_').Replace('-', '_');
        string suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            _ => "",
        };
        name = name.EndsWith(suffix, StringComparison.Ordinal) ? name : name + suffix;
        return instrument is Counter<long> or Counter<double> or Counter<int> ? name + "_total" : name;
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            string value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            pairs.Add($"{tag.Key.Replace('.', '_')}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One labelled series: a running sum or last value, or a histogram.</summary>
    private sealed class Series(double[]? bounds)
    {
        private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length];
        private double _value;
        private long _count;

        public void Add(double value, bool cumulative)
        {
            if (_buckets is not null)
            {
                for (int i = 0; i < bounds!.Length; i++)
                {
                    if (value <= bounds[i])
                    {
                        _buckets[i]++;
                    }
                }

                _value += value;
                _count++;
                return;
            }

            _value = cumulative ? _value + value : value;
        }

        public void Write(StringBuilder text, string name, string labels, string type)
        {
            if (type != "histogram")
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(labels)} {Number(_value)}\n");
                return;
            }

            string separator = labels.Length == 0 ? "" : ",";
            for (int i = 0; i < bounds!.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{separator}le=\"{Number(bounds[i])}\"}} {_buckets![i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}{separator}le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {Number(_value)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {_count}\n");
        }

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
