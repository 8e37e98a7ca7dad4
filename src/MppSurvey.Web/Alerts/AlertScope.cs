using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Alerts;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Reports;

namespace MppSurvey.Web.Alerts;

/// <summary>
/// Which integrity alerts a user may see and acknowledge (integrity alerts): an MPP admin those of
/// their MPP, a regional head those of their regency's MPP, the ministry and administrators all.
/// Anyone else none.
/// </summary>
public static class AlertScope
{
    /// <summary>The alerts page (an Indonesian URL, like every page).</summary>
    public const string Page = Email.IntegrityAlertMail.PagePath;

    /// <summary>An alert still open after this long is listed for the ministry.</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromDays(7);

    public static bool MayUse(ClaimsPrincipal user) =>
        user.SeesAllRegions() || user.IsInRole(Roles.MppAdmin) || user.IsInRole(Roles.RegionalHead);

    public static IQueryable<IntegrityAlert> Visible(MppSurveyDbContext db, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var alerts = db.IntegrityAlerts.AsQueryable();
        if (user.SeesAllRegions())
        {
            return alerts;
        }
        var mallId = user.IsInRole(Roles.MppAdmin) ? user.ScopedMallId() : null;
        var regency = user.IsInRole(Roles.RegionalHead) ? user.FindFirstValue(ScopeClaims.Regency) : null;
        if (mallId is null && string.IsNullOrEmpty(regency))
        {
            return alerts.Where(a => false);
        }
        return alerts.Where(a => a.MallId == mallId || db.Malls.Any(m => m.Id == a.MallId && m.RegencyCode == regency));
    }

    /// <summary>The open alerts the user sees, for the navigation bar and the dashboard; null when the count cannot be read.</summary>
    public static async Task<int?> OpenCountAsync(MppSurveyDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!MayUse(user))
        {
            return null;
        }
        try
        {
            return await Visible(db, user).CountAsync(a => a.AcknowledgedAt == null, ct);
        }
        catch (Npgsql.NpgsqlException)
        {
            // The bar is on every page, the error page too: a database that is down must not take the page with it.
            return null;
        }
    }
}
