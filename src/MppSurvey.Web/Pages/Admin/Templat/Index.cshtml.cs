using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Pages.Admin.Templat;

/// <summary>
/// The templates a user may read, each with its versions (draft or published, element codes, who and
/// when); from here an author starts a new version from any version, or copies a version into a new
/// template (an MPP admin's copy belongs to their MPP).
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.MppAdmin)]
public sealed partial class IndexModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed record VersionRow(SurveyTemplateVersion Version, bool MayEdit);

    public sealed record TemplateRow(SurveyTemplate Template, string? OwnerName, bool MayAuthor, IReadOnlyList<VersionRow> Versions);

    [BindProperty] public int VersionId { get; set; }
    /// <summary>The template's highest version number when the page was shown: a "new version" click that finds a higher one was already answered.</summary>
    [BindProperty] public int? SeenVersion { get; set; }
    [BindProperty] public string? NewCode { get; set; }
    [BindProperty] public string? NewNameId { get; set; }
    [BindProperty] public string? NewNameEn { get; set; }

    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];
    public bool MayCreate { get; private set; }
    /// <summary>Problems of the copy form, by field name.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex CodePattern();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostNewVersionAsync(CancellationToken ct)
    {
        // One template's versions are numbered one after the other: two clicks wait for each other
        // instead of both taking the same number (a unique-key violation).
        var templateId = await db.SurveyTemplateVersions.Where(v => v.Id == VersionId).Select(v => v.TemplateId).FirstOrDefaultAsync(ct);
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.TemplateVersions, templateId, ct);
        var (template, source, refused) = await SourceAsync(ct);
        if (refused is not null)
        {
            return refused;
        }
        if (!TemplateAuthors.MayAuthor(User, template!))
        {
            return template!.OwnerMallId is null ? Forbid() : NotFound();
        }
        var newest = template!.Versions.MaxBy(v => v.Version)!;
        if (SeenVersion is int seen && newest.Version > seen && !newest.IsPublished)
        {
            // A second click, the back button or a colleague already made the next draft: open it rather than make another.
            return Redirect($"/Admin/Templat/Draf/{newest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}?done=exists");
        }
        var now = clock.GetUtcNow();
        var draft = TemplateDrafts.NewVersion(template!, source!, User.Identity!.Name!, now);
        AuditLog.Record(db, User, now, "template.draft", $"{template!.Code} v{draft.Version}", template.OwnerMallId, $"from v{source!.Version}");
        await db.SaveChangesAsync(ct);
        await edit!.CommitAsync(ct);
        return RedirectToPage("Draf", new { id = draft.Id });
    }

    public async Task<IActionResult> OnPostCopyAsync(CancellationToken ct)
    {
        var (template, source, refused) = await SourceAsync(ct);
        if (refused is not null)
        {
            return refused;
        }
        if (!TemplateAuthors.MayCreate(User, out var owner))
        {
            return Forbid();
        }
        // Template codes are unique across the country: a second click meets "code taken", not a unique-key violation.
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.TemplateCodes, 0, ct);
        var code = (NewCode ?? "").Trim();
        if (!CodePattern().IsMatch(code))
        {
            Errors["NewCode"] = text["Authoring_NewCodeInvalid"];
        }
        else if (await db.SurveyTemplates.AnyAsync(t => t.Code == code, ct))
        {
            Errors["NewCode"] = text["Authoring_NewCodeTaken", code];
        }
        if (string.IsNullOrWhiteSpace(NewNameId))
        {
            Errors["NewNameId"] = text["Authoring_NameRequired"];
        }
        if (string.IsNullOrWhiteSpace(NewNameEn))
        {
            Errors["NewNameEn"] = text["Authoring_NameRequired"];
        }
        if (Errors.Count > 0)
        {
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.GetUtcNow();
        var copy = TemplateDrafts.NewTemplate(source!, template!.Code, code, NewNameId!.Trim(), NewNameEn!.Trim(), owner, User.Identity!.Name!, now);
        db.SurveyTemplates.Add(copy);
        AuditLog.Record(db, User, now, "template.copy", $"{code} v1", owner, $"from {template.Code} v{source!.Version}");
        await db.SaveChangesAsync(ct);
        await edit!.CommitAsync(ct);
        return RedirectToPage("Draf", new { id = copy.Versions[0].Id });
    }

    /// <summary>The version named in the form and its template (all versions loaded); 404 for one the user may not read.</summary>
    private async Task<(SurveyTemplate? Template, SurveyTemplateVersion? Version, IActionResult? Refused)> SourceAsync(CancellationToken ct)
    {
        var template = await db.SurveyTemplates.Include(t => t.Versions).FirstOrDefaultAsync(t => t.Versions.Any(v => v.Id == VersionId), ct);
        var version = template?.Versions.First(v => v.Id == VersionId);
        if (template is null || !TemplateAuthors.MayRead(User, template, version!))
        {
            return (null, null, NotFound());
        }
        return (template, version, null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        MayCreate = TemplateAuthors.MayCreate(User, out _);
        var templates = await db.SurveyTemplates.AsNoTracking().Include(t => t.Versions).Include(t => t.OwnerMall)
            .OrderBy(t => t.OwnerMallId != null).ThenBy(t => t.Code)
            .ToListAsync(ct);
        Templates = templates
            .Select(t => new TemplateRow(t, t.OwnerMall?.Name, TemplateAuthors.MayAuthor(User, t),
                t.Versions.Where(v => TemplateAuthors.MayRead(User, t, v)).OrderByDescending(v => v.Version)
                    .Select(v => new VersionRow(v, !v.IsPublished && TemplateAuthors.MayAuthor(User, t))).ToList()))
            .Where(r => r.Versions.Count > 0)
            .ToList();
    }
}
