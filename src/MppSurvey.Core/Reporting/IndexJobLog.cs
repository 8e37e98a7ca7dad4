using Microsoft.Extensions.Logging;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// What the index job tells the IT office (capability: index computation), event ids 2000-2099.
/// Periods and MPPs are named by code; nothing of any response is logged.
/// </summary>
internal static partial class IndexJobLog
{
    [LoggerMessage(EventId = 2000, EventName = "IndexRunStarted", Level = LogLevel.Information,
        Message = "Index run {RunId} started: {PeriodCount} period(s) {Periods}, flagged responses included: {IncludeFlagged}")]
    public static partial void Started(ILogger logger, long runId, int periodCount, string periods, bool includeFlagged);

    [LoggerMessage(EventId = 2001, EventName = "IndexRunFinished", Level = LogLevel.Information,
        Message = "Index run {RunId} finished {Status}: {Units} units of {PeriodCount} period(s) and {Mpps} MPP(s) written, {FailedMpps} MPP(s) failed, in {DurationMs} ms (read {ReadMs} ms, score {ScoreMs} ms, write {WriteMs} ms)")]
    public static partial void Finished(ILogger logger, long runId, JobRunStatus status, int units, int periodCount, int mpps, int failedMpps, long durationMs,
        long readMs, long scoreMs, long writeMs);

    [LoggerMessage(EventId = 2002, EventName = "IndexRunFailed", Level = LogLevel.Error,
        Message = "Index run {RunId} failed after {DurationMs} ms; the stored results stay as they were and Hangfire retries it")]
    public static partial void Failed(ILogger logger, Exception error, long runId, long durationMs);

    [LoggerMessage(EventId = 2003, EventName = "IndexUnitFailed", Level = LogLevel.Error,
        Message = "Index of period {PeriodCode}, MPP {RegencyCode} (id {MallId}) could not be computed; its previous results stay and it is retried on the next run")]
    public static partial void UnitFailed(ILogger logger, Exception error, string periodCode, string regencyCode, int? mallId);
}
