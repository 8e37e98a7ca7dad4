using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Identity;

/// <summary>
/// One signed-in browser (capability: accounts and sessions). The login cookie carries only this
/// row's id; the claims it stands for (roles, scope) stay here and are read by primary key on every
/// request, with no per-node cache. Deleting the row ends the session at once on every web node
/// sharing the database: signing out deletes one row, disabling a user or changing their role or
/// scope deletes all of theirs.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>The authentication ticket (claims and properties) as the cookie handler serialises it.</summary>
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the session ends without a sign-out (sliding: pushed on as the user keeps working).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

public static class UserSessions
{
    /// <summary>
    /// Ends every session of the user, at once and on every node. Call it inside the transaction that
    /// changes what the sessions were granted (disabling, a role or scope), so the two commit together.
    /// </summary>
    public static Task<int> EndAllAsync(MppSurveyDbContext db, string userId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
}
