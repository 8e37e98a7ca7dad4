using Hangfire;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Email;
using MppSurvey.Core.Regions;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Email;

/// <summary>
/// The weekly digest job (notices), run by Hangfire on `Jobs:DigestCron` (Monday 07:00 WIB). First it
/// writes the week's owed digests (digest_sends; a unique (user, week) pair, so a second run, a retry
/// or a second instance adds none), then it sends them one by one as <see cref="PublicationNoticeMail"/>
/// does (<see cref="PendingMailSender"/>): each row is locked (FOR UPDATE SKIP LOCKED), the recipient is checked again, the mail is sent
/// and the row marked sent in that one transaction. Two runs at once never send one digest twice; a
/// crash before the mail left leaves the row unsent for the next run; a mail the server refused is
/// retried by Hangfire after the others went out. Only the MPP's current reporting week is sent: a
/// digest that could not go out for a whole week is dropped, the next one covers the new week.
/// </summary>
public sealed partial class WeeklyDigestMail(MppSurveyDbContext db, MailDelivery delivery, PublicLinks links, DigestUnsubscribe unsubscribe,
    TimeProvider clock, ILogger<WeeklyDigestMail> log)
{
    public const string Kind = "weekly-digest";

    /// <summary>What one run did: recipients owed a digest this week, mails sent, owed ones skipped (no longer a recipient), failures.</summary>
    public sealed record Outcome(int Recipients, int Sent, int Skipped, int Failed);

    [AutomaticRetry(Attempts = 10)]
    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        if (!delivery.Enabled)
        {
            LogOff(log);
            return new Outcome(0, 0, 0, 0);
        }
        if (links.Absolute(null, "/") is not { } origin)
        {
            // Development without PublicOrigin: a digest without working links is worse than none.
            LogNoOrigin(log);
            return new Outcome(0, 0, 0, 0);
        }
        origin = origin.TrimEnd('/');
        // PostgreSQL keeps microseconds: stored values compare equal to this one.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));

        var recipients = await WeeklyDigest.RecipientsAsync(db, null, ct);
        foreach (var r in recipients)
        {
            var week = WeeklyDigest.ReportingWeek(now, r.TimeZone);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO digest_sends (user_id, week_start, created_at) VALUES ({r.UserId}, {week}, {now}) ON CONFLICT (user_id, week_start) DO NOTHING", ct);
        }

        // WIB is the westernmost zone: its reporting week is the earliest any MPP can be in now.
        var earliest = WeeklyDigest.ReportingWeek(now, IndonesianTimeZone.Wib);
        var tally = await PendingMailSender.SendEachAsync(db,
            after => db.DigestSends.FromSql($"SELECT * FROM digest_sends WHERE sent_at IS NULL AND week_start >= {earliest} AND id > {after} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"),
            owed => owed.Id,
            owed => SendAsync(owed, origin, now, ct),
            ct);
        LogRun(log, recipients.Count, tally.Sent, tally.Skipped, tally.Failed);
        tally.ThrowIfAnyFailed(Kind, "digests");
        return new Outcome(recipients.Count, tally.Sent, tally.Skipped, tally.Failed);
    }

    /// <summary>Sends one locked, owed digest if its recipient is still owed it this week.</summary>
    private async Task<PendingMailSender.Tally> SendAsync(DigestSend owed, string origin, DateTimeOffset now, CancellationToken ct)
    {
        // Checked again under the lock: opted out, disabled, moved to another MPP or role since the row was written.
        var recipient = (await WeeklyDigest.RecipientsAsync(db, owed.UserId, ct)).SingleOrDefault();
        if (recipient is null)
        {
            // Not owed after all; should they become a recipient again this week, a new row is written.
            db.DigestSends.Remove(owed);
            await db.SaveChangesAsync(ct);
            return PendingMailSender.Tally.OneSkipped;
        }
        if (WeeklyDigest.ReportingWeek(now, recipient.TimeZone) != owed.WeekStart)
        {
            return PendingMailSender.Tally.OneSkipped;
        }
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == owed.UserId, ct);
        var figures = await WeeklyDigest.LoadAsync(db, recipient.MallId, owed.WeekStart, ct);
        var regency = Uri.EscapeDataString(recipient.RegencyCode);
        var culture = PasswordResetMail.CultureQuery(user.PreferredCulture);
        var message = DigestLetter.Write(MailWriter.Recipient.Of(user), recipient.IsMppAdmin, figures,
            $"{origin}/dasbor/{regency}{(culture.Length > 0 ? "?" + culture[1..] : "")}",
            $"{origin}/Account/BerhentiBerlangganan?token={Uri.EscapeDataString(unsubscribe.Token(user.Id))}{culture}",
            $"{origin}/Account/Pengaturan{(culture.Length > 0 ? "?" + culture[1..] : "")}");
        try
        {
            await delivery.SendAsync(message, Kind, ct);
        }
        catch (MailNotSentException)
        {
            // Nothing saved: the row stays unsent for Hangfire's retry or the next run.
            return PendingMailSender.Tally.OneFailed;
        }
        owed.SentAt = now;
        await db.SaveChangesAsync(ct);
        return PendingMailSender.Tally.OneSent;
    }

    [LoggerMessage(EventId = 7501, EventName = "WeeklyDigestRun", Level = LogLevel.Information,
        Message = "Weekly digest run: {Recipients} recipients this week, {Sent} sent, {Skipped} skipped, {Failed} not sent")]
    private static partial void LogRun(ILogger logger, int recipients, int sent, int skipped, int failed);

    [LoggerMessage(EventId = 7502, EventName = "WeeklyDigestEmailOff", Level = LogLevel.Information,
        Message = "Weekly digest run: e-mail is not configured (Email:Smtp:Host), nothing sent")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(EventId = 7503, EventName = "WeeklyDigestNoOrigin", Level = LogLevel.Warning,
        Message = "Weekly digest run: PublicOrigin is not set, so the digest's links cannot be made; nothing sent")]
    private static partial void LogNoOrigin(ILogger logger);
}
