namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// The period lifecycle for the IT office (capability: periods), event ids 3000-3099: who (user id) closed,
/// reopened or published which period of which MPP. The reasons typed stay in the audit log, not here.
/// </summary>
internal static partial class PeriodsLog
{
    [LoggerMessage(EventId = 3000, EventName = "PeriodClosed", Level = LogLevel.Information,
        Message = "Period {PeriodCode} of MPP {RegencyCode} closed by user {UserId} ({Surveys} survey(s), early: {Early}); index run queued")]
    public static partial void Closed(ILogger logger, string periodCode, string regencyCode, string userId, int surveys, bool early);

    [LoggerMessage(EventId = 3001, EventName = "PeriodReopened", Level = LogLevel.Information,
        Message = "Period {PeriodCode} of MPP {RegencyCode} reopened by user {UserId} ({Surveys} survey(s)); index run queued")]
    public static partial void Reopened(ILogger logger, string periodCode, string regencyCode, string userId, int surveys);

    [LoggerMessage(EventId = 3002, EventName = "PeriodPublished", Level = LogLevel.Information,
        Message = "Period {PeriodCode} of MPP {RegencyCode} published by user {UserId} ({Surveys} survey(s))")]
    public static partial void Published(ILogger logger, string periodCode, string regencyCode, string userId, int surveys);
}
