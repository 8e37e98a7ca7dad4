using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Pages.Account;

/// <summary>
/// The signed-in user's own settings (notices): whether the weekly digest is mailed to them. Only the
/// signed-in account is changed, whatever the form carries; the choice is two radio buttons, so an
/// empty or odd form is answered beside the field (400) and changes nothing (an unticked checkbox sends
/// nothing, which would read as "off").
/// </summary>
[Authorize]
public sealed class PengaturanModel(MppSurveyDbContext db, UserManager<AppUser> users, IStringLocalizer<EmailText> text) : PageModel
{
    public const string Yes = "ya";
    public const string No = "tidak";

    /// <summary>"ya" or "tidak"; anything else (nothing, a forged value) is refused beside the field.</summary>
    [BindProperty(Name = "ringkasan")] public string? Digest { get; set; }

    public string? DigestError { get; private set; }

    public bool Saved { get; private set; }

    /// <summary>Only regional heads and MPP admins are sent a digest; others see the setting with a note.</summary>
    public bool ReceivesDigest => User.IsInRole(Roles.RegionalHead) || User.IsInRole(Roles.MppAdmin);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var current = await CurrentAsync(ct);
        if (current is null)
        {
            return Challenge();
        }
        Digest = current.Value ? Yes : No;
        Saved = Request.Query["tersimpan"] == "1";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Digest is not (Yes or No))
        {
            DigestError = text["Settings_ChooseOne"];
            Digest = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var on = Digest == Yes;
        var id = users.GetUserId(User);
        var changed = await db.Users.Where(u => u.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.WeeklyDigest, on), ct);
        if (changed == 0)
        {
            return Challenge();
        }
        // Post, redirect, get: a reload does not post again.
        return RedirectToPage(new { tersimpan = "1" });
    }

    private async Task<bool?> CurrentAsync(CancellationToken ct)
    {
        var id = users.GetUserId(User);
        return await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => (bool?)u.WeeklyDigest).SingleOrDefaultAsync(ct);
    }
}
