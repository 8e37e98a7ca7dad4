using Microsoft.Extensions.Logging;

namespace MppSurvey.Core.Reporting;

/// <summary>What the workbook job tells the IT office (capability: regional heads' workbooks), event ids 2100-2199.</summary>
internal static partial class WorkbookJobLog
{
    [LoggerMessage(EventId = 2100, EventName = "WorkbookRunStarted", Level = LogLevel.Information,
        Message = "Workbook run started: {PeriodCount} period(s) {Periods}")]
    public static partial void Started(ILogger logger, int periodCount, string periods);

    [LoggerMessage(EventId = 2101, EventName = "WorkbookRunFinished", Level = LogLevel.Information,
        Message = "Workbook run finished: {Workbooks} workbook(s) written, {FailedWorkbooks} failed, for {PeriodCount} period(s), in {DurationMs} ms")]
    public static partial void Finished(ILogger logger, int workbooks, int failedWorkbooks, int periodCount, long durationMs);

    [LoggerMessage(EventId = 2102, EventName = "WorkbookRunFailed", Level = LogLevel.Error,
        Message = "Workbook run failed after {DurationMs} ms; Hangfire retries it")]
    public static partial void Failed(ILogger logger, Exception error, long durationMs);

    [LoggerMessage(EventId = 2103, EventName = "WorkbookFailed", Level = LogLevel.Error,
        Message = "Workbook of period {PeriodCode}, MPP {RegencyCode} could not be written; the others were")]
    public static partial void WorkbookFailed(ILogger logger, Exception error, string periodCode, string regencyCode);
}
