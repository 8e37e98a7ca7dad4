using MppSurvey.Web.Reports;
using System.Security.Claims;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Api;

public static class AccountApi
{
    public sealed record Me(string Email, string DisplayName, string[] Roles, string? Regency, int? Mall);

    /// <summary>GET /api/v1/me: who the caller is and what they may see, as issued at login.</summary>
    public static void MapAccountApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/me", (ClaimsPrincipal user) => new Me(
                user.FindFirstValue(ClaimTypes.Email) ?? user.Identity!.Name!,
                user.FindFirstValue(ClaimTypes.GivenName) ?? "",
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToArray(),
                user.FindFirstValue(ScopeClaims.Regency),
                user.ScopedMallId()))
            .RequireAuthorization();
}
