using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Email;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Surveys;

/// <summary>
/// The writes of the period lifecycle of one MPP (close, reopen, publish), each one conditional
/// UPDATE plus its audit entry in one transaction: two racing submits (a double click, two tabs)
/// change the period once and leave one audit entry; the loser sees 0 and says "already done".
/// The rules for whether the action is allowed at all are in <see cref="PeriodClosing"/> and
/// <see cref="PeriodReopening"/>.
/// </summary>
public sealed class PeriodActions(MppSurveyDbContext db)
{
    /// <returns>The number of surveys closed; 0 when another request closed them first.</returns>
    public Task<int> CloseAsync(int mallId, string periodCode, DateTimeOffset now, ClaimsPrincipal user, string target, string? reason, CancellationToken ct) =>
        InTransactionAsync(async () =>
        {
            var closed = await db.Surveys
                .Where(s => s.MallId == mallId && s.PeriodCode == periodCode && s.ClosedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, now), ct);
            if (closed > 0)
            {
                AuditLog.Record(db, user, now, "period.close", target, mallId, reason);
            }
            return closed;
        }, ct);

    /// <summary>
    /// Opens every survey of the period again and clears the Late flag of its responses (Late means
    /// "arrived after the close", which no longer holds): one UPDATE of the responses, so they count
    /// in the next computation like any response that arrived in time.
    /// </summary>
    /// <returns>The number of surveys reopened; 0 when the period was reopened or published meanwhile.</returns>
    public Task<int> ReopenAsync(int mallId, string periodCode, DateTimeOffset now, ClaimsPrincipal user, string target, string reason, CancellationToken ct) =>
        InTransactionAsync(async () =>
        {
            var surveys = db.Surveys.Where(s => s.MallId == mallId && s.PeriodCode == periodCode);
            // Published is checked in the same statement: a publish that won the race keeps its figure.
            var reopened = await surveys
                .Where(s => s.ClosedAt != null && !db.Surveys.Any(p => p.MallId == mallId && p.PeriodCode == periodCode && p.PublishedAt != null))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, (DateTimeOffset?)null), ct);
            if (reopened == 0)
            {
                return 0;
            }
            var ids = await surveys.Select(s => s.Id).ToArrayAsync(ct);
            var late = (int)ResponseFlags.Late;
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE responses SET flags = flags & ~{late} WHERE survey_id = ANY({ids}) AND (flags & {late}) <> 0", ct);
            AuditLog.Record(db, user, now, "period.reopen", target, mallId, reason);
            return reopened;
        }, ct);

    /// <param name="notify">
    /// True when e-mail is configured: the notices owed to the MPP's users (<see cref="PublicationNotices"/>)
    /// are written in the same transaction, so the publication and its notices commit together.
    /// </param>
    /// <returns>The number of surveys published; 0 when another request published them first (or one was reopened).</returns>
    public Task<int> PublishAsync(int mallId, string periodCode, DateTimeOffset now, ClaimsPrincipal user, string target, CancellationToken ct, bool notify = false) =>
        InTransactionAsync(async () =>
        {
            var published = await db.Surveys
                .Where(s => s.MallId == mallId && s.PeriodCode == periodCode && s.PublishedAt == null && s.ClosedAt != null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.PublishedAt, now), ct);
            if (published > 0)
            {
                AuditLog.Record(db, user, now, "period.publish", target, mallId);
                if (notify)
                {
                    await PublicationNotices.AddAsync(db, mallId, periodCode, now, ct);
                }
            }
            return published;
        }, ct);

    private async Task<int> InTransactionAsync(Func<Task<int>> action, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await action();
        if (changed == 0)
        {
            return 0;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return changed;
    }
}
