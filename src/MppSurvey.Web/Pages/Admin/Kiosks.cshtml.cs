using MppSurvey.Web.Reports;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// An MPP admin enrols their kiosk tablets: each gets a device token, shown once inside the link
/// the tablet opens (`/survei/{regency}?kios=1#token=...`); revoking it stops the tablet at once.
/// </summary>
[Authorize(Roles = Roles.MppAdmin)]
public sealed class KiosksModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public Mall? Mall { get; private set; }
    public IReadOnlyList<Kiosk> Kiosks { get; private set; } = [];
    public string? EnrolmentLink { get; private set; }
    public string? EnrolledName { get; private set; }
    public string? NameError { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? KioskId { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostEnrolAsync()
    {
        await LoadAsync();
        if (Mall is null)
        {
            return Forbid();
        }
        Kiosk? kiosk;
        if (KioskId is int id)
        {
            // The kiosk must be one of this admin's MPP: another MPP's id is simply not found.
            kiosk = await db.Kiosks.FirstOrDefaultAsync(k => k.Id == id && k.MallId == Mall.Id);
            if (kiosk is null)
            {
                return NotFound();
            }
        }
        else
        {
            var name = Name?.Trim() ?? "";
            if (name.Length is 0 or > 80)
            {
                NameError = text["Kiosks_NameRequired"];
                return Page();
            }
            kiosk = new Kiosk { MallId = Mall.Id, Name = name };
            db.Kiosks.Add(kiosk);
        }
        var token = KioskTokens.Issue(kiosk, clock.GetUtcNow());
        await db.SaveChangesAsync();
        EnrolledName = kiosk.Name;
        EnrolmentLink = string.Create(CultureInfo.InvariantCulture, $"{Request.Scheme}://{Request.Host}/survei/{Mall.RegencyCode}?kios=1#token={token}");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        await LoadAsync();
        var kiosk = Mall is null ? null : await db.Kiosks.FirstOrDefaultAsync(k => k.Id == KioskId && k.MallId == Mall.Id);
        if (kiosk is null)
        {
            return NotFound();
        }
        KioskTokens.Revoke(kiosk, clock.GetUtcNow());
        await db.SaveChangesAsync();
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var mallId = User.ScopedMallId();
        Mall = mallId is null ? null : await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mallId);
        Kiosks = Mall is null ? [] : await db.Kiosks.AsNoTracking().Where(k => k.MallId == Mall.Id).OrderBy(k => k.Name).ToListAsync();
    }
}
