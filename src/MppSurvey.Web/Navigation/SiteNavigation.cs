using System.Security.Claims;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Navigation;

/// <summary>One link of the navigation bar: where it goes and the NavText key of its words.</summary>
public sealed record NavLink(string Href, string TextKey);

/// <summary>
/// What each role may open, for the navigation bar and for where a user lands after sign-in
/// (capability: navigation). Only pages the role's [Authorize] lets through are offered, so no link
/// in the bar ends on the access-denied page; the scope (regency) comes from the sign-in claims.
/// </summary>
public static class SiteNavigation
{
    /// <summary>The administrator's home: the home page lists every administration page for that role.</summary>
    public const string AdminHome = "/";

    /// <summary>
    /// Where a user's work is: the dashboard of their regency for a regional head or MPP admin, the
    /// national comparison for the ministry, the admin home for an administrator; the home page otherwise
    /// (a regional head or MPP admin without a regency, a user without a role).
    /// </summary>
    public static string LandingFor(ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Administrator))
        {
            return AdminHome;
        }
        if (user.IsInRole(Roles.Ministry))
        {
            return "/kementerian";
        }
        if ((user.IsInRole(Roles.RegionalHead) || user.IsInRole(Roles.MppAdmin)) && Dashboard(user) is { } dashboard)
        {
            return dashboard;
        }
        return "/";
    }

    /// <summary>The links every page shows in the bar, in the order of a working day.</summary>
    public static IReadOnlyList<NavLink> Primary(ClaimsPrincipal user)
    {
        var links = new List<NavLink>();
        if (user.IsInRole(Roles.Administrator))
        {
            links.Add(new NavLink(AdminHome, "Nav_AdminHome"));
        }
        if ((user.IsInRole(Roles.RegionalHead) || user.IsInRole(Roles.MppAdmin)) && Dashboard(user) is { } dashboard)
        {
            links.Add(new NavLink(dashboard, "Nav_Dashboard"));
        }
        if (user.IsInRole(Roles.Ministry) || user.IsInRole(Roles.Administrator))
        {
            links.Add(new NavLink("/kementerian", "Nav_Ministry"));
        }
        if (Alerts.AlertScope.MayUse(user))
        {
            // Integrity alerts: the bar also shows how many are open (_SiteNav).
            links.Add(new NavLink(Alerts.AlertScope.Page, "Nav_Alerts"));
        }
        if (Roles.All.Any(user.IsInRole))
        {
            links.Add(new NavLink("/laporan", "Nav_Reports"));
        }
        return links;
    }

    /// <summary>The administration pages of the MPP admin's own MPP (each page scopes itself to the user's MPP).</summary>
    public static IReadOnlyList<NavLink> MppAdministration(ClaimsPrincipal user) =>
        !user.IsInRole(Roles.MppAdmin) ? [] :
        [
            new("/Admin/Periode", "Nav_Periods"),
            new("/Admin/TindakLanjut", "Nav_FollowUp"),
            new("/Admin/Instansi", "Nav_Counters"),
            new("/Admin/Survei", "Nav_Surveys"),
            new("/Admin/Templat", "Nav_Templates"),
            new("/Admin/Qr", "Nav_Qr"),
            new("/Admin/Kiosks", "Nav_Kiosks"),
            new("/Admin/KunciApi", "Nav_ApiKeys"),
            new("/Admin/Import", "Nav_Import"),
        ];

    /// <summary>aria-current="page" for the link of the page being shown (paths compare without case, as routing does).</summary>
    public static bool IsCurrent(string href, string requestPath) =>
        string.Equals(href.TrimEnd('/'), requestPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The user's name as the bar shows it: the display name, else the e-mail.</summary>
    public static string NameOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.GivenName) is { Length: > 0 } name ? name : user.Identity?.Name ?? "";

    private static string? Dashboard(ClaimsPrincipal user) =>
        user.FindFirstValue(ScopeClaims.Regency) is { Length: > 0 } regency ? "/dasbor/" + Uri.EscapeDataString(regency) : null;
}
