using System.Threading.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Api;

namespace MppSurvey.Web.Email;

/// <summary>
/// The "lupa kata sandi" mail, sent by a background job (capability: e-mail, accounts). The form only
/// queues the job, for every address typed, known or not: the answer then takes the same time and
/// says the same thing whether an account exists, and a mail server that is slow or down never shows
/// in it (Hangfire retries the job). The job decides, at most one mail per address per
/// <see cref="MailCultures.ResetMailInterval"/>, so a double submit or a stranger cannot fill a mailbox.
/// </summary>
public sealed class PasswordResetMail(MppSurveyDbContext db, UserManager<AppUser> users, MailDelivery delivery, MailWriter writer, TimeProvider clock)
{
    public const string Kind = "password-reset";

    /// <param name="email">As typed on the form.</param>
    /// <param name="pageLink">The absolute address of /Account/AturUlangKataSandi, made while the request was known.</param>
    [AutomaticRetry(Attempts = 5)]
    public async Task SendAsync(string email, string pageLink, CancellationToken ct)
    {
        if (!delivery.Enabled)
        {
            return;
        }
        var normalized = users.NormalizeEmail(email.Trim());
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null || AccountDisabling.IsDisabled(user))
        {
            return;
        }
        // PostgreSQL keeps microseconds: the stored value must compare equal to this one below.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var cutoff = now - MailCultures.ResetMailInterval;
        // Claimed by one conditional UPDATE: of two jobs for one address (a double submit), one sends.
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.PasswordResetMailedAt == null || u.PasswordResetMailedAt < cutoff))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordResetMailedAt, now), ct);
        if (claimed == 0)
        {
            return;
        }
        // Bound to the security stamp: setting the password changes it, so the link works once, and it expires after a day.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{pageLink}?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}{CultureQuery(user.PreferredCulture)}";
        try
        {
            await delivery.SendAsync(writer.PasswordReset(MailWriter.Recipient.Of(user), link), Kind, ct);
        }
        catch (MailNotSentException)
        {
            // Not sent: the retry must not be held back by this attempt's claim.
            await db.Users
                .Where(u => u.Id == user.Id && u.PasswordResetMailedAt == now)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordResetMailedAt, user.PasswordResetMailedAt), ct);
            throw;
        }
    }

    /// <summary>A link in an English mail opens its page in English (the query-string culture).</summary>
    public static string CultureQuery(string? culture) =>
        MailCultures.Normalize(culture) == MailCultures.English ? "&culture=en" : "";
}

/// <summary>
/// Requests of the "lupa kata sandi" form per client address (in memory, per node): each one queues a
/// job, so a script must not queue thousands. Generous for an MPP office behind one address
/// (`Email:ResetRequestsPerAddress`, 10 per 15 minutes).
/// </summary>
public sealed class PasswordResetRequests(IOptions<EmailOptions> options) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ResetRequestsPerAddress,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public int PermitLimit => options.Value.ResetRequestsPerAddress;

    public bool TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
