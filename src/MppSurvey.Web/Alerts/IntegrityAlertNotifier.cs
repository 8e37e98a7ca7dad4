using Hangfire;
using MppSurvey.Core.Alerts;
using MppSurvey.Core.Responses;
using MppSurvey.Web.Email;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Alerts;

/// <summary>
/// What follows a stored response that raised integrity alerts (integrity alerts): a log line (MPP,
/// period, reason; never the text) and the mail job, queued after the response and its alerts are
/// committed. The alerts are on the pages already; the mail only tells people to look.
/// </summary>
public sealed partial class IntegrityAlertNotifier(IBackgroundJobClient jobs, MailDelivery delivery, PublicLinks links, ILogger<IntegrityAlertNotifier> log)
{
    public void Raised(HttpRequest request, StoredResponse stored, IReadOnlyList<IntegrityAlertReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(reasons);
        if (reasons.Count == 0)
        {
            return;
        }
        foreach (var reason in reasons)
        {
            LogRaised(log, stored.RegencyCode, stored.PeriodCode, reason);
        }
        if (delivery.Enabled && links.Absolute(request, "/") is { } origin)
        {
            jobs.Enqueue<IntegrityAlertMail>(m => m.SendPendingAsync(origin, CancellationToken.None));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integrity alert raised: MPP {RegencyCode}, period {PeriodCode}, reason {Reason}")]
    private static partial void LogRaised(ILogger logger, string regencyCode, string periodCode, IntegrityAlertReason reason);
}
