using MppSurvey.Core.Responses;

namespace MppSurvey.Web.Api;

/// <summary>
/// Each submission to the response API, accepted or refused (capability: anonymous survey responses),
/// event ids 1000-1099. The visitor stays anonymous: no address, no response id, no answer, no
/// suggestion or other text, and nothing the client typed (a refusal names our own error codes, never
/// the field names or values it was sent).
/// </summary>
internal static partial class ResponsesLog
{
    [LoggerMessage(EventId = 1000, EventName = "ResponseAccepted", Level = LogLevel.Information,
        Message = "Response accepted: channel {Channel}, MPP {RegencyCode}, survey {SurveyId}, replay {Replay}, flags {Flags}")]
    public static partial void Accepted(ILogger logger, string channel, string regencyCode, int surveyId, bool replay, ResponseFlags flags);

    [LoggerMessage(EventId = 1001, EventName = "ResponseRefused", Level = LogLevel.Information,
        Message = "Response refused: {Reason} ({Status}), channel {Channel}, errors {ErrorCodes}")]
    public static partial void Refused(ILogger logger, string reason, int status, string channel, string errorCodes);

    [LoggerMessage(EventId = 1002, EventName = "KioskCooldown", Level = LogLevel.Information,
        Message = "Response refused: kiosk {KioskId} sent again within its cooldown (429), retry after {RetryAfterSeconds} s")]
    public static partial void KioskCooldown(ILogger logger, int kioskId, int retryAfterSeconds);

    [LoggerMessage(EventId = 1003, EventName = "RateLimited", Level = LogLevel.Warning,
        Message = "Response refused: rate limit of the {Budget} budget reached (429)")]
    public static partial void RateLimited(ILogger logger, string budget);
}
