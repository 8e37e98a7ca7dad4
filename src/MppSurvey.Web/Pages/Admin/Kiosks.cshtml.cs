using MppSurvey.Web.Reports;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// An MPP admin enrols their kiosk tablets with a one-time code: the page shows the code once, the
/// admin types it into /kios on the tablet, and the tablet receives its device token there (see
/// <see cref="Kios.IndexModel"/>). The admin never sees or handles the device token. Kiosks can be
/// renamed, enrolled again (a new code) and revoked, which stops the tablet at once.
/// </summary>
[Authorize(Roles = Roles.MppAdmin)]
public sealed class KiosksModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text, PublicLinks links, ILogger<KiosksModel> logger) : PageModel
{
    public Mall? Mall { get; private set; }
    public IReadOnlyList<Kiosk> Kiosks { get; private set; } = [];
    public string? EnrolmentCode { get; private set; }
    public string? EnrolmentUrl { get; private set; }
    public DateTimeOffset? EnrolmentExpires { get; private set; }
    public string? EnrolledName { get; private set; }
    public string? NameError { get; private set; }
    /// <summary>The kiosk whose rename failed, so its error shows beside its own field.</summary>
    public int? RenameId { get; private set; }
    /// <summary>The kiosk whose service model was refused, and why (beside its own field).</summary>
    public int? ModelErrorId { get; private set; }
    public string? ModelError { get; private set; }

    /// <summary>The models a kiosk can stand for: a tablet is at a counter, a mobile-service event or a self-service corner.</summary>
    public static readonly IReadOnlyList<ServiceModel> KioskModels = [ServiceModel.Direct, ServiceModel.Mobile, ServiceModel.SelfService];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? KioskId { get; set; }
    [BindProperty(Name = "model")] public string? ModelSlug { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostEnrolAsync()
    {
        await LoadAsync();
        if (Mall is null)
        {
            return Forbid();
        }
        // A double click on "Daftarkan" waits for the first and then meets its kiosk (below), rather than adding a second.
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.Kiosks, Mall.Id, HttpContext.RequestAborted);
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
            if (name.Length is 0 or > 80 || name.Any(char.IsControl))
            {
                NameError = text["Kiosks_NameRequired"];
                return Page();
            }
            var inUse = await db.Kiosks.Where(k => k.MallId == Mall.Id && k.RevokedAt == null).Select(k => k.Name).ToListAsync();
            if (inUse.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
            {
                NameError = text["Kiosks_NameTaken", name];
                return Page();
            }
            kiosk = new Kiosk { MallId = Mall.Id, Name = name };
            db.Kiosks.Add(kiosk);
        }
        var now = clock.GetUtcNow();
        EnrolmentCode = KioskTokens.IssueEnrolmentCode(kiosk, now);
        AuditLog.Record(db, User, now, KioskId is null ? "kiosk.add" : "kiosk.code", kiosk.Name, Mall.Id);
        await db.SaveChangesAsync();
        await edit!.CommitAsync();
        KiosksLog.CodeIssued(logger, kiosk.Id, Mall.RegencyCode, ActorId.Of(User), KioskId is null, kiosk.EnrolmentCodeExpiresAt);
        EnrolledName = kiosk.Name;
        EnrolmentExpires = kiosk.EnrolmentCodeExpiresAt;
        EnrolmentUrl = links.Absolute(Request, "/kios")!;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync()
    {
        await LoadAsync();
        var kiosk = Mall is null ? null : await db.Kiosks.FirstOrDefaultAsync(k => k.Id == KioskId && k.MallId == Mall.Id);
        if (kiosk is null)
        {
            return NotFound();
        }
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > 80 || name.Any(char.IsControl))
        {
            NameError = text["Kiosks_NameRequired"];
            RenameId = kiosk.Id;
            return Page();
        }
        AuditLog.Record(db, User, clock.GetUtcNow(), "kiosk.rename", name, Mall!.Id, kiosk.Name);
        kiosk.Name = name;
        await db.SaveChangesAsync();
        return RedirectToPage();
    }

    /// <summary>
    /// Sets how the service is delivered where the kiosk stands; every response the kiosk sends from now on is
    /// stored with it (the API takes it from the kiosk, not from the tablet). Audited with the previous model.
    /// </summary>
    public async Task<IActionResult> OnPostModelAsync()
    {
        await LoadAsync();
        var kiosk = Mall is null ? null : await db.Kiosks.FirstOrDefaultAsync(k => k.Id == KioskId && k.MallId == Mall.Id);
        if (kiosk is null)
        {
            return NotFound();
        }
        if (ServiceModelSlugs.ParseSlug(ModelSlug) is not { } model || !KioskModels.Contains(model))
        {
            ModelError = text["Kiosks_ModelUnknown"];
            ModelErrorId = kiosk.Id;
            return Page();
        }
        if (kiosk.ServiceModel == model)
        {
            // A double submit or a save without a change: nothing to record.
            return RedirectToPage();
        }
        AuditLog.Record(db, User, clock.GetUtcNow(), "kiosk.servicemodel", kiosk.Name, Mall!.Id,
            $"{ServiceModelSlugs.Slug(kiosk.ServiceModel)} -> {ServiceModelSlugs.Slug(model)}");
        kiosk.ServiceModel = model;
        await db.SaveChangesAsync();
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        await LoadAsync();
        var kiosk = Mall is null ? null : await db.Kiosks.FirstOrDefaultAsync(k => k.Id == KioskId && k.MallId == Mall.Id);
        if (kiosk is null)
        {
            return NotFound();
        }
        if (kiosk.RevokedAt is not null)
        {
            // A replayed click keeps the first revocation's time and audit entry.
            return RedirectToPage();
        }
        KioskTokens.Revoke(kiosk, clock.GetUtcNow());
        AuditLog.Record(db, User, clock.GetUtcNow(), "kiosk.revoke", kiosk.Name, Mall!.Id);
        await db.SaveChangesAsync();
        KiosksLog.Revoked(logger, kiosk.Id, Mall.RegencyCode, ActorId.Of(User));
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var mallId = User.ScopedMallId();
        Mall = mallId is null ? null : await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mallId);
        Kiosks = Mall is null ? [] : await db.Kiosks.AsNoTracking().Where(k => k.MallId == Mall.Id).OrderBy(k => k.Name).ToListAsync();
    }
}
