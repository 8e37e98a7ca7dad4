using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Identity;
using MppSurvey.Web.Reports;

namespace MppSurvey.Web.Pages.Dasbor;

/// <summary>/dasbor: a regional head or MPP admin lands on their own MPP, the ministry on the comparison.</summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.RegionalHead + "," + Roles.MppAdmin)]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet()
    {
        if (User.SeesAllRegions())
        {
            return Redirect("/kementerian");
        }
        var regency = User.FindFirst(ScopeClaims.Regency)?.Value;
        return regency is null ? NotFound() : Redirect("/dasbor/" + Uri.EscapeDataString(regency));
    }
}
