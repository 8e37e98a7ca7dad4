using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Themes;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// An MPP's own words for the suggestion themes: the built-in lexicon cannot know a local counter's
/// nickname or a nuisance particular to one building, so the MPP's administrators add terms per
/// theme (normalised and stemmed like a visitor's text) and remove them. Only the MPP admin of that
/// MPP changes them (the MPP comes from the scope claim; another MPP in the hidden field is refused);
/// the ministry and administrators may look. After each change that MPP's stored suggestions are
/// classified again in the background, so the theme counts follow.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.MppAdmin)]
public sealed class TemaModel(MppSurveyDbContext db, IBackgroundJobClient jobs, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty] public string? Theme { get; set; }
    [BindProperty] public string? Term { get; set; }
    [BindProperty] public long? TermId { get; set; }

    public Mall? Mall { get; private set; }
    public IReadOnlyList<ManagedMall.Choice> Choices { get; private set; } = [];
    public IReadOnlyList<ThemeTerm> Terms { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>Errors by field ("term", "theme"), shown beside it.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct, forWriting: false) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var theme = SuggestionThemes.All.Where(t => SuggestionThemes.Key(t) == Theme).Select(t => (SuggestionTheme?)t).FirstOrDefault();
        if (theme is null)
        {
            Errors["theme"] = text["Tema_ThemeRequired"];
        }
        var (term, problem) = ThemeTerm.Normalise(Term);
        if (problem != ThemeTerm.Problem.None)
        {
            Errors["term"] = text["Tema_Problem_" + problem, ThemeTerm.MaxLength];
        }
        else if (theme is not null && Terms.Any(t => t.Theme == theme && t.Term == term))
        {
            Errors["term"] = text["Tema_Exists", term!];
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        db.ThemeTerms.Add(new ThemeTerm { MallId = Mall!.Id, Theme = theme!.Value, Term = term!, AddedBy = User.Identity?.Name ?? "?", AddedAt = clock.GetUtcNow() });
        AuditLog.Record(db, User, clock.GetUtcNow(), "theme-term.add", $"{SuggestionThemes.Key(theme.Value)}: {term}", Mall.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A second click that raced the first: the term is there, which is what was asked.
            return Done("exists");
        }
        Reclassify();
        return Done("added");
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var row = await db.ThemeTerms.FirstOrDefaultAsync(t => t.Id == TermId && t.MallId == Mall!.Id, ct);
        if (row is null)
        {
            // Already removed (a double click, the back button) or another MPP's row: nothing to do here.
            return Done("removed");
        }
        db.ThemeTerms.Remove(row);
        AuditLog.Record(db, User, clock.GetUtcNow(), "theme-term.remove", $"{SuggestionThemes.Key(row.Theme)}: {row.Term}", Mall!.Id);
        await db.SaveChangesAsync(ct);
        Reclassify();
        return Done("removed");
    }

    private void Reclassify()
    {
        var mallId = Mall!.Id;
        jobs.Enqueue<SuggestionReclassification>(job => job.RunMallAsync(mallId, CancellationToken.None));
    }

    private IActionResult Done(string what) => RedirectToPage(new { mpp = Regency, done = what });

    private async Task<IActionResult?> LoadAsync(CancellationToken ct, bool forWriting)
    {
        var (mall, forbidden) = await ManagedMall.ResolveAsync(User, Regency, db, ct);
        if (forbidden)
        {
            return Forbid();
        }
        Mall = mall;
        CanEdit = User.IsInRole(Roles.MppAdmin) && !ManagedMall.ChoosesMall(User);
        if (forWriting && !CanEdit)
        {
            return Forbid();
        }
        Choices = await ManagedMall.ChoicesAsync(User, db, ct);
        if (Mall is null)
        {
            return forWriting ? NotFound() : null;
        }
        Regency ??= ManagedMall.ChoosesMall(User) ? Mall.RegencyCode : null;
        Terms = await db.ThemeTerms.AsNoTracking().Where(t => t.MallId == Mall.Id).OrderBy(t => t.Theme).ThenBy(t => t.Term).ToListAsync(ct);
        Message = Request.Query["done"].ToString() switch
        {
            "added" => text["Tema_Added"].Value,
            "exists" => text["Tema_AlreadyAdded"].Value,
            "removed" => text["Tema_Removed"].Value,
            _ => null,
        };
        return null;
    }
}
