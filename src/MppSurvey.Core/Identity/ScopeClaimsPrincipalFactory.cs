using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MppSurvey.Core.Identity;

/// <summary>Adds the user's regency and MPP scope to the login cookie, beside the role claims.</summary>
public sealed class ScopeClaimsPrincipalFactory(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.RegencyCode))
        {
            identity.AddClaim(new Claim(ScopeClaims.Regency, user.RegencyCode));
        }
        if (user.MallId is int mall)
        {
            identity.AddClaim(new Claim(ScopeClaims.Mall, mall.ToString(CultureInfo.InvariantCulture)));
        }
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }
        return identity;
    }
}
