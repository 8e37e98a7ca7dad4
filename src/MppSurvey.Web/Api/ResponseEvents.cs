using MppSurvey.Core.Responses;
using MppSurvey.Core.Telemetry;

namespace MppSurvey.Web.Api;

/// <summary>
/// Each submission to the response API, accepted or refused, as one log line (<see cref="ResponsesLog"/>)
/// and one count (<see cref="SurveyMetrics"/>); the reason codes are the same in both.
/// </summary>
public sealed class ResponseEvents(ILogger<ResponseEvents> logger, SurveyMetrics metrics)
{
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string TooLarge = "too_large";
    public const string Invalid = "invalid";
    public const string KioskTokenMissing = "kiosk_token_missing";
    public const string KioskTokenRefused = "kiosk_token_refused";
    public const string KioskOfOtherMall = "kiosk_other_mall";
    public const string KioskTokenNotForChannel = "kiosk_token_not_for_channel";
    public const string KioskCooldown = "kiosk_cooldown";
    public const string RateLimited = "rate_limited";

    public void Accepted(string channel, string regencyCode, int surveyId, bool replay, ResponseFlags flags)
    {
        ResponsesLog.Accepted(logger, channel, regencyCode, surveyId, replay, flags);
        metrics.Accepted(channel, replay);
    }

    /// <summary>Logs and counts the refusal, and hands the problem back for the caller to return.</summary>
    public IResult Refused(IResult problem, string reason, int status, string channel, IEnumerable<FieldError>? errors = null)
    {
        var codes = errors is null ? "" : string.Join(',', errors.Select(e => e.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        ResponsesLog.Refused(logger, reason, status, channel, codes);
        metrics.Refused(reason, status);
        return problem;
    }

    public void CooldownRefused(int kioskId, TimeSpan retryAfter)
    {
        ResponsesLog.KioskCooldown(logger, kioskId, (int)Math.Ceiling(retryAfter.TotalSeconds));
        metrics.Refused(KioskCooldown, StatusCodes.Status429TooManyRequests);
    }

    /// <param name="kioskBudget">Whether the request carried a kiosk token (the kiosks' budget) or not (the phones' and officers').</param>
    public void RateLimitRefused(bool kioskBudget)
    {
        ResponsesLog.RateLimited(logger, kioskBudget ? "kiosk" : "client");
        metrics.Refused(RateLimited, StatusCodes.Status429TooManyRequests);
    }
}
