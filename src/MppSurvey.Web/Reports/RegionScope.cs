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

    public static bool MaySee(this ClaimsPrincipal user, string regencyCode) =>
        user.SeesAllRegions() ||
        ((user.IsInRole(Roles.RegionalHead) || user.IsInRole(Roles.MppAdmin)) &&
         string.Equals(user.FindFirstValue(ScopeClaims.Regency), regencyCode, StringComparison.Ordinal));
}
