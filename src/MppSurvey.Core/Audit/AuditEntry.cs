using System.Security.Claims;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Audit;

/// <summary>One administrative action: who did what to which thing, when. Administrators read these on /Admin/Audit.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; init; }
    /// <summary>The acting user's e-mail (user names are e-mails here); kept as text so the entry outlives the account.</summary>
    public required string Actor { get; init; }
    /// <summary>A stable action key such as "service.add" or "user.invite"; the page translates it.</summary>
    public required string Action { get; init; }
    /// <summary>What was acted on, readable: "Dukcapil / KTP-el".</summary>
    public required string Target { get; init; }
    public string? Detail { get; init; }
    /// <summary>The MPP concerned, when there is one.</summary>
    public int? MallId { get; init; }
}

/// <summary>
/// Adds an audit entry to the context, so it is saved in the same SaveChanges as the action itself:
/// an action is never recorded without happening, or done without being recorded.
/// </summary>
public static class AuditLog
{
    public static void Record(MppSurveyDbContext db, ClaimsPrincipal user, DateTimeOffset at, string action, string target, int? mallId = null, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = user.Identity?.Name ?? "?",
            Action = action,
            Target = target.Length > 300 ? target[..300] : target,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            MallId = mallId,
        });
}
