using Hangfire;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Alerts;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Email;

/// <summary>
/// Mails each new integrity alert to the MPP's admins and the regency's head (integrity alerts), as a
/// Hangfire job queued once the response and its alert are committed. Each alert is locked
/// (<see cref="PendingMailSender"/>) while it is mailed; a recipient's row in integrity_alert_notices marks their
/// mail sent, and the alert's notified_at marks all sent. So two runs at once, a retry or a later
/// run mail each person once, and a run also mails alerts an earlier job left (the process stopped
/// before it ran, or the mail server was down: the alert is on the pages all the same). The recurring
/// sweep (<see cref="SweepAsync"/>, `Jobs:AlertSweepCron`) is such a later run, so no alert waits for
/// another alert to be mailed.
/// </summary>
public sealed partial class IntegrityAlertMail(MppSurveyDbContext db, MailDelivery delivery, MailWriter writer, PublicLinks links, TimeProvider clock,
    ILogger<IntegrityAlertMail> log)
{
    public const string Kind = "integrity-alert";

    /// <summary>The page the mail links to (an Indonesian URL, like every page).</summary>
    public const string PagePath = "/Admin/Peringatan";

    /// <param name="origin">The app's public origin, made while the request was known.</param>
    /// <returns>The number of mails sent.</returns>
    [AutomaticRetry(Attempts = 10)]
    public async Task<int> SendPendingAsync(string origin, CancellationToken ct)
    {
        if (!delivery.Enabled)
        {
            return 0;
        }
        origin = origin.TrimEnd('/');
        var tally = await PendingMailSender.SendEachAsync(db,
            after => db.IntegrityAlerts.FromSql($"SELECT * FROM integrity_alerts WHERE notified_at IS NULL AND id > {after} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
            alert => alert.Id,
            alert => MailAsync(alert, origin, ct),
            ct);
        tally.ThrowIfAnyFailed(Kind, "alert mails");
        return tally.Sent;
    }

    /// <summary>
    /// The recurring sweep: mails what is still owed, with the configured PublicOrigin for the links
    /// (there is no request to take one from). Not retried by Hangfire: the next sweep is the retry, and
    /// a retried sweep would only pile up beside it.
    /// </summary>
    /// <returns>The number of mails sent.</returns>
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (!delivery.Enabled)
        {
            return 0;
        }
        if (links.Absolute(null, "/") is not { } origin)
        {
            // Development without PublicOrigin: the request-time job (which knows the host) still mails.
            LogNoOrigin(log);
            return 0;
        }
        var sent = await SendPendingAsync(origin, ct);
        if (sent > 0)
        {
            LogSwept(log, sent);
        }
        return sent;
    }

    [LoggerMessage(EventId = 7601, EventName = "IntegrityAlertSweepSent", Level = LogLevel.Information,
        Message = "Integrity alert sweep: {Sent} alert mails were still owed and are sent")]
    private static partial void LogSwept(ILogger logger, int sent);

    [LoggerMessage(EventId = 7602, EventName = "IntegrityAlertSweepNoOrigin", Level = LogLevel.Warning,
        Message = "Integrity alert sweep: PublicOrigin is not set, so the mails' links cannot be made; nothing sent")]
    private static partial void LogNoOrigin(ILogger logger);

    /// <summary>Mails one locked alert to each recipient not yet mailed; marks the alert notified once all are.</summary>
    private async Task<PendingMailSender.Tally> MailAsync(IntegrityAlert alert, string origin, CancellationToken ct)
    {
        var tally = default(PendingMailSender.Tally);
        var mall = await db.Malls.AsNoTracking().SingleAsync(m => m.Id == alert.MallId, ct);
        var done = await db.IntegrityAlertNotices.Where(n => n.AlertId == alert.Id).Select(n => n.UserId).ToListAsync(ct);
        var recipients = (await IntegrityAlertRecipients.OfAsync(db, alert.MallId, ct)).Where(u => !done.Contains(u.Id)).ToList();
        var raisedAt = MallTime.Format(alert.RaisedAt, MallTime.ZoneOf(mall));
        foreach (var user in recipients)
        {
            var link = $"{origin}{PagePath}?mpp={Uri.EscapeDataString(mall.RegencyCode)}{PasswordResetMail.CultureQuery(user.PreferredCulture)}";
            try
            {
                await delivery.SendAsync(writer.IntegrityAlert(MailWriter.Recipient.Of(user), mall.Name, alert.PeriodCode, raisedAt, alert.Reason, alert.MaskedText ?? "", link), Kind, ct);
            }
            catch (MailNotSentException)
            {
                tally += PendingMailSender.Tally.OneFailed;
                continue;
            }
            db.IntegrityAlertNotices.Add(new IntegrityAlertNotice { AlertId = alert.Id, UserId = user.Id, SentAt = clock.GetUtcNow() });
            // Committed with the alert even when a later recipient's mail fails: that retry skips this one.
            await db.SaveChangesAsync(ct);
            tally += PendingMailSender.Tally.OneSent;
        }
        if (tally.Failed == 0)
        {
            alert.NotifiedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return tally;
    }
}
