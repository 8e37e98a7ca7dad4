using System.Security.Claims;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Reports;

/// <summary>
/// Who may read which region's reports: Administrators and the Ministry every region; a regional
/// head or an MPP admin only the regency of their scope claim.
/// </summary>
public static class RegionScope
{
    public static bool SeesAllRegions(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Ministry);

    /// <summary>The MPP of an MPP admin's scope claim, or null when the user has none.</summary>
    public static int? ScopedMallId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ScopeClaims.Mall), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool MaySee(this ClaimsPrincipal user, string regencyCode) =>
        user.SeesAllRegions() ||
        ((user.IsInRole(Roles.RegionalHead) || user.IsInRole(Roles.MppAdmin)) &&
         string.Equals(user.FindFirstValue(ScopeClaims.Regency), regencyCode, StringComparison.Ordinal));
}
