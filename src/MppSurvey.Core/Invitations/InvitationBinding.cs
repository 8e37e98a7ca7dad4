using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Invitations;

/// <summary>
/// How a response arriving through a digital invitation's link is bound to it (digital invitations):
/// checked before the response is validated, claimed in the same transaction as its insert.
/// </summary>
public static class InvitationBinding
{
    /// <summary>The error of a link already used by another response: the API answers it with 409, not 400.</summary>
    public const string UsedCode = "Error_InvitationUsed";

    /// <summary>The questionnaire an invitation's link opens: the API checks the service against this survey when it issues the link.</summary>
    public const string TemplateCode = "skm";

    public sealed record Bound(long Id, int AgencyId, int ServiceId);

    /// <summary>
    /// The invitation a submission names, when it may bring this response: known, of this MPP, unused
    /// (or used by this very response, a replay) and unexpired, for the SKM survey (the one the link
    /// opens), and for the service the submission names if it names one. Otherwise null, with the
    /// reason in <paramref name="errors"/>.
    /// </summary>
    public static async Task<Bound?> CheckAsync(MppSurveyDbContext db, ResponseSubmission s, int mallId, DateTimeOffset now, List<FieldError> errors, CancellationToken ct)
    {
        if (!SurveyInvitationTokens.LooksLikeToken(s.Invitation))
        {
            errors.Add(new FieldError("invitation", "Error_InvitationUnknown"));
            return null;
        }
        var hash = SurveyInvitationTokens.Hash(s.Invitation!);
        var row = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Select(i => new { i.Id, i.MallId, i.AgencyId, i.ServiceId, i.ExpiresAt, i.ResponseId })
            .FirstOrDefaultAsync(ct);
        // Another MPP's link is as unknown as a made-up one: the answer tells nothing about other MPPs.
        if (row is null || row.MallId != mallId)
        {
            errors.Add(new FieldError("invitation", "Error_InvitationUnknown"));
            return null;
        }
        if (row.ResponseId is Guid used)
        {
            if (used != s.Id)
            {
                errors.Add(new FieldError("invitation", UsedCode));
                return null;
            }
        }
        else if (row.ExpiresAt <= now)
        {
            errors.Add(new FieldError("invitation", "Error_InvitationExpired"));
            return null;
        }
        // The link was issued for the SKM survey of its service: another questionnaire running at the MPP
        // (SPKP, SPAK, an MPP's own) must not use it up, or the SKM response it was asked for could never come.
        if (!string.Equals(s.TemplateCode, TemplateCode, StringComparison.Ordinal))
        {
            errors.Add(new FieldError("templateCode", "Error_InvitationOtherTemplate"));
        }
        if (s.ServiceId is int serviceId && serviceId != row.ServiceId)
        {
            errors.Add(new FieldError("serviceId", "Error_InvitationOtherService"));
        }
        if (s.AgencyId is int agencyId && agencyId != row.AgencyId)
        {
            errors.Add(new FieldError("agencyId", "Error_InvitationOtherService"));
        }
        return errors.Count > 0 ? null : new Bound(row.Id, row.AgencyId, row.ServiceId);
    }

    public enum LinkState
    {
        Open,
        Used,
        Expired,
        Unknown,
    }

    /// <summary>What the survey page does with a link: show the survey bound to its service, or say why not.</summary>
    public static async Task<(LinkState State, int ServiceId)> OpenAsync(MppSurveyDbContext db, string? token, int mallId, DateTimeOffset now, CancellationToken ct)
    {
        if (!SurveyInvitationTokens.LooksLikeToken(token))
        {
            return (LinkState.Unknown, 0);
        }
        var hash = SurveyInvitationTokens.Hash(token!);
        var row = await db.SurveyInvitations.AsNoTracking()
            .Where(i => i.TokenHash == hash && i.MallId == mallId)
            .Select(i => new { i.ServiceId, i.ExpiresAt, Used = i.ResponseId != null })
            .FirstOrDefaultAsync(ct);
        return row is null ? (LinkState.Unknown, 0)
            : row.Used ? (LinkState.Used, row.ServiceId)
            : row.ExpiresAt <= now ? (LinkState.Expired, row.ServiceId)
            : (LinkState.Open, row.ServiceId);
    }

    /// <summary>
    /// Marks the invitation used by the response just inserted, in the caller's transaction. False when
    /// another response took it first (two different responses racing through one link: the second
    /// waits for the first's row lock, then finds it taken) or it expired meanwhile; the caller rolls back.
    /// </summary>
    public static async Task<bool> ClaimAsync(MppSurveyDbContext db, long invitationId, Guid responseId, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE survey_invitations SET response_id = {responseId} WHERE id = {invitationId} AND response_id IS NULL AND expires_at > {now}", ct) == 1;
}
