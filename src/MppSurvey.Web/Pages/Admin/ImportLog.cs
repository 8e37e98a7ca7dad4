namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// Historic imports for the IT office (capability: historic import), event ids 1200-1299: which MPP and
/// period, how many rows, or why the file was refused (the message key and the row). The file's name
/// and cell values are not logged: an old spreadsheet may hold names or free text.
/// </summary>
internal static partial class ImportLog
{
    [LoggerMessage(EventId = 1200, EventName = "ImportAccepted", Level = LogLevel.Information,
        Message = "Historic import into MPP {MallId}, period {PeriodCode} by user {UserId}: {Rows} row(s) accepted, stored: {Stored}")]
    public static partial void Accepted(ILogger logger, int mallId, string periodCode, string userId, int rows, bool stored);

    [LoggerMessage(EventId = 1201, EventName = "ImportRefused", Level = LogLevel.Information,
        Message = "Historic import into MPP {MallId}, period {PeriodCode} by user {UserId} refused: {Reason}, row {Row}, column {Column}; nothing was stored")]
    public static partial void Refused(ILogger logger, int mallId, string periodCode, string userId, string reason, int? row, string? column);
}
