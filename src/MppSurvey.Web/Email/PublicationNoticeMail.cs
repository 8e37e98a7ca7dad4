using Hangfire;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Email;

namespace MppSurvey.Web.Email;

/// <summary>
/// Sends the notices a publication left in publication_notices (capability: e-mail), as a Hangfire
/// job queued once the publishing transaction has committed, never inside the request. Each notice
/// is locked, sent and marked sent in its own transaction (<see cref="PendingMailSender"/>), so two runs at
/// once, a retry or a second run send each mail once. A notice that fails is left for Hangfire's
/// retry after the others are sent; the job also sends notices left by an earlier publication whose
/// job never ran (the process stopped between commit and queueing).
/// </summary>
public sealed class PublicationNoticeMail(MppSurveyDbContext db, MailDelivery delivery, MailWriter writer, TimeProvider clock)
{
    public const string Kind = "publication-notice";

    /// <param name="origin">The app's public origin ("https://skm.jombangkab.go.id"), made while the request was known.</param>
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
            after => db.PublicationNotices.FromSql($"SELECT * FROM publication_notices WHERE sent_at IS NULL AND id > {after} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
            notice => notice.Id,
            async notice =>
            {
                var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == notice.UserId, ct);
                var mall = await db.Malls.AsNoTracking().SingleAsync(m => m.Id == notice.MallId, ct);
                var link = $"{origin}/publik/{Uri.EscapeDataString(mall.RegencyCode)}";
                try
                {
                    await delivery.SendAsync(writer.PublicationNotice(MailWriter.Recipient.Of(user), mall.Name, notice.PeriodCode, link), Kind, ct);
                }
                catch (MailNotSentException)
                {
                    return PendingMailSender.Tally.OneFailed;
                }
                notice.SentAt = clock.GetUtcNow();
                await db.SaveChangesAsync(ct);
                return PendingMailSender.Tally.OneSent;
            },
            ct);
        tally.ThrowIfAnyFailed(Kind, "notices");
        return tally.Sent;
    }
}
