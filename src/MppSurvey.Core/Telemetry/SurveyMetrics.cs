using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MppSurvey.Core.Telemetry;

/// <summary>
/// The figures an operator watches (capability: operations): responses accepted per channel, refusals
/// per reason, how long each job run takes, and how many (period, MPP) units wait for the next index
/// run. One Meter "MppSurvey", made by the host's IMeterFactory so that each host (each test host too)
/// has its own instruments; exported only when OpenTelemetry is switched on (TelemetryHosting), and
/// readable by `dotnet-counters monitor --process-id <pid> --counters MppSurvey` without it.
/// Tags never carry anything of a visitor: a channel, a reason code, a job name.
/// </summary>
public sealed class SurveyMetrics
{
    public const string MeterName = "MppSurvey";

    /// <summary>The traces of job runs (no request carries them); added to tracing when OpenTelemetry is on.</summary>
    public static readonly ActivitySource Jobs = new(MeterName);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Histogram<double> _jobDuration;

    public SurveyMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _accepted = Meter.CreateCounter<long>("mppsurvey.responses.accepted", "{response}",
            "Responses accepted by the response API; tag outcome=stored for a new response, replay for a repeat of a stored one");
        _refused = Meter.CreateCounter<long>("mppsurvey.responses.refused", "{response}",
            "Submissions refused by the response API, by reason code (invalid, rate_limited, kiosk_cooldown, kiosk_token, ...)");
        _jobDuration = Meter.CreateHistogram<double>("mppsurvey.job.duration", "s",
            "Duration of one background job run, by job (index, workbook) and outcome (succeeded, partly_failed, failed)");
    }

    public Meter Meter { get; }

    public void Accepted(string channel, bool replay) =>
        _accepted.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", replay ? "replay" : "stored"));

    public void Refused(string reason, int status) =>
        _refused.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("status", status));

    public void JobRun(string job, string outcome, TimeSpan duration) =>
        _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));
}
