namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// Kiosk enrolment and revocation for the IT office (capability: kiosks), event ids 1100-1199. Staff
/// are named by user id, kiosks by id and their MPP's regency code; codes and device tokens never.
/// </summary>
internal static partial class KiosksLog
{
    [LoggerMessage(EventId = 1100, EventName = "KioskEnrolmentCodeIssued", Level = LogLevel.Information,
        Message = "Kiosk {KioskId} of MPP {RegencyCode}: enrolment code issued by user {UserId} (new kiosk: {NewKiosk}), valid until {ExpiresAt:O}")]
    public static partial void CodeIssued(ILogger logger, int kioskId, string regencyCode, string userId, bool newKiosk, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 1101, EventName = "KioskEnrolled", Level = LogLevel.Information,
        Message = "Kiosk {KioskId} of MPP {RegencyCode} enrolled: the tablet redeemed its code and holds a new device token")]
    public static partial void Enrolled(ILogger logger, int kioskId, string regencyCode);

    [LoggerMessage(EventId = 1102, EventName = "KioskEnrolmentRefused", Level = LogLevel.Warning,
        Message = "Kiosk enrolment refused: an unknown, used or expired code was typed")]
    public static partial void EnrolmentRefused(ILogger logger);

    [LoggerMessage(EventId = 1103, EventName = "KioskRevoked", Level = LogLevel.Information,
        Message = "Kiosk {KioskId} of MPP {RegencyCode} revoked by user {UserId}: its device token is refused from now on")]
    public static partial void Revoked(ILogger logger, int kioskId, string regencyCode, string userId);
}
