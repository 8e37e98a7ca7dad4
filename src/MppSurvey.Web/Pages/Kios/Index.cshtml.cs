using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Responses;
using MppSurvey.Web.Pages.Admin;

namespace MppSurvey.Web.Pages.Kios;

/// <summary>
/// GET/POST /kios, opened on the tablet itself: the one-time code from /Admin/Kiosks is typed in
/// here and swapped for the device token, which travels to the survey page in the URL fragment
/// (never sent to a server, never in a log) where the page keeps it on the device.
/// </summary>
public sealed class IndexModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    public string? CodeError { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = KioskTokens.CodeHash(Code);
        var kiosk = hash is null ? null : await db.Kiosks.Include(k => k.Mall).FirstOrDefaultAsync(k => k.EnrolmentCodeHash == hash, ct);
        var token = kiosk is null ? null : KioskTokens.Redeem(kiosk, now);
        if (kiosk is null || token is null)
        {
            CodeError = text["Kios_CodeUnknown"];
            KiosksLog.EnrolmentRefused(logger);
            return Page();
        }
        db.AuditEntries.Add(new AuditEntry { At = now, Actor = "kios", Action = "kiosk.enrol", Target = kiosk.Name, MallId = kiosk.MallId });
        await db.SaveChangesAsync(ct);
        KiosksLog.Enrolled(logger, kiosk.Id, kiosk.Mall!.RegencyCode);
        return Redirect($"/survei/{Uri.EscapeDataString(kiosk.Mall!.RegencyCode)}?kios=1#token={token}");
    }
}
