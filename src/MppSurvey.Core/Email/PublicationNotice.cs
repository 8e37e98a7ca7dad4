using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Core.Email;

/// <summary>
/// One e-mail owed to one user because a period's results of their MPP were published (capability:
/// e-mail). The rows are written in the publishing transaction, so a publication always leaves its
/// notices behind, and each row is the sent-marker of its mail: one row per publication and user
/// (unique), sent once, whatever number of times the sending job runs.
/// </summary>
public sealed class PublicationNotice
{
    public long Id { get; set; }
    public int MallId { get; set; }
    public required string PeriodCode { get; init; }
    public required string UserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Null until the mail server accepted the mail.</summary>
    public DateTimeOffset? SentAt { get; set; }
}

public static class PublicationNotices
{
    /// <summary>
    /// Adds a notice for each active account that answers for the MPP: its MPP admins and the regional
    /// head of its regency. Not the ministry: it follows every MPP on its own dashboard, and a mail per
    /// MPP and period would be noise. Invited accounts without a password and disabled ones get none.
    /// Saved by the caller's SaveChanges, inside its transaction.
    /// </summary>
    /// <returns>The number of notices added.</returns>
    public static async Task<int> AddAsync(MppSurveyDbContext db, int mallId, string periodCode, DateTimeOffset now, CancellationToken ct)
    {
        var regency = await db.Malls.Where(m => m.Id == mallId).Select(m => m.RegencyCode).SingleAsync(ct);
        var recipients = await (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where u.PasswordHash != null && u.Email != null
                    && (u.LockoutEnd == null || u.LockoutEnd < AccountDisabling.Until)
                    && ((r.Name == Roles.MppAdmin && u.MallId == mallId) || (r.Name == Roles.RegionalHead && u.RegencyCode == regency))
                select u.Id)
            .Distinct()
            .ToListAsync(ct);
        foreach (var userId in recipients)
        {
            db.PublicationNotices.Add(new PublicationNotice { MallId = mallId, PeriodCode = periodCode, UserId = userId, CreatedAt = now });
        }
        return recipients.Count;
    }
}
