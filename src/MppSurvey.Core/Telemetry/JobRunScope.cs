using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MppSurvey.Core.Telemetry;

/// <summary>
/// One background job run as the log and the traces see it (capability: operations): a log scope with a
/// per-run correlation id, so that every line the run writes (its own, EF Core's, a failed MPP's) can be
/// found together, and an activity of <see cref="SurveyMetrics.Jobs"/> when tracing is on (the id is then
/// the trace id, as for a request). Measures the run for <see cref="SurveyMetrics.JobRun"/>.
/// </summary>
public sealed class JobRunScope : IDisposable
{
    private static readonly Func<ILogger, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string, string>("Job {Job} run {CorrelationId}");

    private readonly Activity? _activity;
    private readonly IDisposable? _scope;
    private readonly long _started = Stopwatch.GetTimestamp();

    private JobRunScope(ILogger logger, string job)
    {
        _activity = SurveyMetrics.Jobs.StartActivity(job + " job", ActivityKind.Internal);
        CorrelationId = (_activity?.TraceId ?? ActivityTraceId.CreateRandom()).ToHexString();
        _scope = Scope(logger, job, CorrelationId);
    }

    /// <summary>32 hex digits, the same form as a request's X-Correlation-Id.</summary>
    public string CorrelationId { get; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public static JobRunScope Begin(ILogger logger, string job) => new(logger, job);

    public void Dispose()
    {
        _scope?.Dispose();
        _activity?.Dispose();
    }
}
