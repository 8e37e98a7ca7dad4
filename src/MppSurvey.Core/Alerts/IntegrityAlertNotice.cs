using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Core.Alerts;

/// <summary>
/// The e-mail of one integrity alert to one recipient, written once the mail server took it
/// (integrity alerts). An alert goes to several people: when the server fails halfway, the retry
/// mails only those without a row, so nobody gets the same alert twice. The alert's
/// <see cref="IntegrityAlert.NotifiedAt"/> is set once every recipient has one.
/// </summary>
public sealed class IntegrityAlertNotice
{
    public long AlertId { get; init; }
    public required string UserId { get; init; }
    public DateTimeOffset SentAt { get; init; }
}

internal sealed class IntegrityAlertNoticeConfiguration : IEntityTypeConfiguration<IntegrityAlertNotice>
{
    public void Configure(EntityTypeBuilder<IntegrityAlertNotice> e)
    {
        e.HasKey(n => new { n.AlertId, n.UserId });
        e.HasOne<IntegrityAlert>().WithMany().HasForeignKey(n => n.AlertId).OnDelete(DeleteBehavior.Cascade);
        // A deleted account is owed nothing.
        e.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Who is told of an MPP's integrity alerts.</summary>
public static class IntegrityAlertRecipients
{
    /// <summary>
    /// The active accounts that answer for the MPP: its MPP admins and the regional head of its
    /// regency, as for the publication notice. Invited accounts without a password and disabled ones get none.
    /// </summary>
    public static Task<List<AppUser>> OfAsync(MppSurveyDbContext db, int mallId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var regency = db.Malls.Where(m => m.Id == mallId).Select(m => m.RegencyCode);
        return (
                from u in db.Users.AsNoTracking()
                where u.PasswordHash != null && u.Email != null
                    && (u.LockoutEnd == null || u.LockoutEnd < AccountDisabling.Until)
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId
                        && ((r.Name == Roles.MppAdmin && u.MallId == mallId) || (r.Name == Roles.RegionalHead && regency.Contains(u.RegencyCode!)))))
                orderby u.Email
                select u)
            .ToListAsync(ct);
    }
}
