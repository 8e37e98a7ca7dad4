using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Malls;

/// <summary>
/// "Last seen" of a kiosk, so staff notice a tablet that went quiet. Written cheaply: one
/// conditional UPDATE that changes the row only when the stored time is older than
/// <see cref="Resolution"/>, so a kiosk costs at most one row write a minute however often it
/// sends a heartbeat or a response (a skipped UPDATE writes no row version).
/// </summary>
public static class KioskActivity
{
    /// <summary>How fresh "last seen" is kept; the kiosk page sends its heartbeat at this interval.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <returns>1 when last_seen_at was written, 0 when it was fresh enough (or the kiosk is revoked).</returns>
    public static Task<int> TouchAsync(MppSurveyDbContext db, int kioskId, DateTimeOffset now, CancellationToken ct = default)
    {
        var staleBefore = now - Resolution;
        return db.Kiosks
            .Where(k => k.Id == kioskId && k.RevokedAt == null && (k.LastSeenAt == null || k.LastSeenAt <= staleBefore))
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastSeenAt, now), ct);
    }
}
