using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Pages.Admin.Pengguna;

/// <summary>
/// Which role and scope a user may be given, and by whom. The scope is what the login cookie's
/// scope claims are built from, so it must name a real regency or MPP: a regional head governs a
/// regency; an MPP admin administers an MPP and also carries its regency (the dashboards filter
/// by regency); the ministry and administrators see everything and carry no scope.
/// </summary>
public static class RoleScope
{
    public sealed record Resolved(string? RegencyCode, int? MallId)
    {
        /// <summary>For the audit detail: the scope as the claims will carry it, or "-" for none.</summary>
        public string Describe() =>
            MallId is int mall ? $"mpp:{mall} ({RegencyCode})" : RegencyCode ?? "-";
    }

    /// <summary>Only an administrator may create or manage administrators: the ministry could otherwise raise itself.</summary>
    public static bool MayAssign(ClaimsPrincipal actor, string role) =>
        actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.Ministry) && role != Roles.Administrator);

    public static bool MayManage(ClaimsPrincipal actor, IEnumerable<string> targetRoles) =>
        actor.IsInRole(Roles.Administrator) || (actor.IsInRole(Roles.Ministry) && !targetRoles.Contains(Roles.Administrator));

    /// <summary>Checks role and scope, adding an error beside the field at fault; null when anything is wrong.</summary>
    public static async Task<Resolved?> ResolveAsync(ClaimsPrincipal actor, string? role, string? regencyCode, int? mallId,
        string prefix, ModelStateDictionary errors, MppSurveyDbContext db, IStringLocalizer<SharedText> text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(role))
        {
            // The Required attribute already says so beside the field.
            return null;
        }
        if (!Roles.All.Contains(role))
        {
            errors.AddModelError(prefix + ".Role", text["Users_RoleUnknown"]);
            return null;
        }
        if (!MayAssign(actor, role))
        {
            errors.AddModelError(prefix + ".Role", text["Users_RoleNotAllowed"]);
            return null;
        }
        switch (role)
        {
            case Roles.RegionalHead:
                var code = regencyCode?.Trim();
                if (string.IsNullOrEmpty(code))
                {
                    errors.AddModelError(prefix + ".RegencyCode", text["Users_RegencyRequired"]);
                    return null;
                }
                if (!await db.Regencies.AnyAsync(r => r.Code == code, ct))
                {
                    errors.AddModelError(prefix + ".RegencyCode", text["Users_RegencyUnknown", code]);
                    return null;
                }
                return new Resolved(code, null);
            case Roles.MppAdmin:
                if (mallId is not int id)
                {
                    errors.AddModelError(prefix + ".MallId", text["Users_MallRequired"]);
                    return null;
                }
                var mallRegency = await db.Malls.Where(m => m.Id == id).Select(m => m.RegencyCode).FirstOrDefaultAsync(ct);
                if (mallRegency is null)
                {
                    errors.AddModelError(prefix + ".MallId", text["Users_MallUnknown"]);
                    return null;
                }
                return new Resolved(mallRegency, id);
            default:
                return new Resolved(null, null);
        }
    }

    /// <summary>The user's roles, for the list and the edit page (Identity keeps them in a join table).</summary>
    public static async Task<Dictionary<string, List<string>>> RolesByUserAsync(MppSurveyDbContext db, IEnumerable<string>? userIds, CancellationToken ct)
    {
        var query = from ur in db.UserRoles
                    join r in db.Roles on ur.RoleId equals r.Id
                    select new { ur.UserId, Role = r.Name! };
        if (userIds is not null)
        {
            var ids = userIds.ToList();
            query = query.Where(x => ids.Contains(x.UserId));
        }
        var rows = await query.ToListAsync(ct);
        return rows.GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Role).Order(StringComparer.Ordinal).ToList());
    }
}
