using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Pages;

public sealed class IndexModel(MppSurveyDbContext db) : PageModel
{
    public sealed record Signed(string DisplayName, string[] Roles, string? Scope, string? RegencyCode);

    public Signed? Me { get; private set; }

    public async Task OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var regency = User.FindFirstValue(ScopeClaims.Regency);
        var scope = regency is null
            ? null
            : await db.Regencies.Where(r => r.Code == regency).Select(r => r.Name + " (" + r.Code + ")").FirstOrDefaultAsync();
        Me = new Signed(
            User.FindFirstValue(ClaimTypes.GivenName) ?? User.Identity.Name ?? "",
            User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
            scope,
            regency);
    }
}
