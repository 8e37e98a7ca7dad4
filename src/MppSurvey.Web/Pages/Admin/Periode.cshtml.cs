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
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;
using MppSurvey.Web.Pages.Publik;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// Which MPP the signed-in user manages on the period and follow-up pages: an MPP admin their own
/// (from the scope claim, never from the form: asking for another MPP is refused), the ministry and
/// administrators the one they choose.
/// </summary>
public static class ManagedMall
{
    public sealed record Choice(string RegencyCode, string Name);

    public static bool ChoosesMall(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Ministry);

    /// <returns>The MPP, or null with <paramref name="forbidden"/> when an MPP admin asked for another MPP.</returns>
    public static async Task<(Mall? Mall, bool Forbidden)> ResolveAsync(ClaimsPrincipal user, string? requested, MppSurveyDbContext db, CancellationToken ct)
    {
        if (ChoosesMall(user))
        {
            var chosen = string.IsNullOrEmpty(requested)
                ? await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).FirstOrDefaultAsync(ct)
                : await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.RegencyCode == requested, ct);
            return (chosen, false);
        }
        var own = user.ScopedMallId() is int id
            ? await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct)
            : null;
        if (own is null || (!string.IsNullOrEmpty(requested) && !string.Equals(requested, own.RegencyCode, StringComparison.Ordinal)))
        {
            return (null, true);
        }
        return (own, false);
    }

    public static async Task<IReadOnlyList<Choice>> ChoicesAsync(ClaimsPrincipal user, MppSurveyDbContext db, CancellationToken ct) =>
        ChoosesMall(user)
            ? await db.Malls.AsNoTracking().OrderBy(m => m.RegencyCode).Select(m => new Choice(m.RegencyCode, m.Name)).ToListAsync(ct)
            : [];
}

/// <summary>
/// The period lifecycle of one MPP: close a period (its surveys stop counting responses: later ones
/// are stored as Late and shown as a late amendment), then publish it (its figures appear on
/// /publik and in the open data). Closing recomputes the period once, so the frozen figure holds every
/// response that arrived in time; from then on the index job leaves Late responses out, so the
/// figure cannot move (see <see cref="ResponseAggregation.AlwaysExcluded"/>). There is no reopening
/// and no withdrawal here on purpose: a published figure is a public statement.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.MppAdmin)]
public sealed class PeriodeModel(MppSurveyDbContext db, IndexJob indexJob, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed record Row(string PeriodCode, DateTimeOffset? ClosedAt, DateTimeOffset? PublishedAt, decimal? Converted, string? Grade, int? Respondents, int LateResponses);

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty] public string? PeriodCode { get; set; }

    public Mall? Mall { get; private set; }
    public IReadOnlyList<ManagedMall.Choice> Choices { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var surveys = await SurveysAsync(ct);
        if (surveys.Count == 0)
        {
            return NotFound();
        }
        if (surveys.All(s => s.ClosedAt is not null))
        {
            Error = text["Period_AlreadyClosed", PeriodCode!];
            return Page();
        }
        var now = clock.GetUtcNow();
        foreach (var s in surveys.Where(s => s.ClosedAt is null))
        {
            s.ClosedAt = now;
        }
        await db.SaveChangesAsync(ct);
        // Freeze the figure with everything that arrived before closing; later arrivals are Late. The
        // index job's own entry point records the run (visible on /Admin/Indices) and queues the
        // period's workbooks, so they follow the frozen figures.
        await indexJob.RunAsync([PeriodCode!], includeFlagged: false, ct);
        return RedirectToPage(new { mpp = Mall!.RegencyCode, done = "closed" });
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var surveys = await SurveysAsync(ct);
        if (surveys.Count == 0)
        {
            return NotFound();
        }
        var row = Rows.FirstOrDefault(r => r.PeriodCode == PeriodCode);
        if (surveys.Any(s => s.ClosedAt is null))
        {
            // Only a frozen figure may be published: an open period's figure still moves.
            Error = text["Period_CloseFirst", PeriodCode!];
            return Page();
        }
        if (row?.Converted is null)
        {
            Error = text["Period_NoResults", PeriodCode!];
            return Page();
        }
        var now = clock.GetUtcNow();
        foreach (var s in surveys.Where(s => s.PublishedAt is null))
        {
            s.PublishedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { mpp = Mall!.RegencyCode, done = "published" });
    }

    private Task<List<Survey>> SurveysAsync(CancellationToken ct) =>
        db.Surveys.Where(s => s.MallId == Mall!.Id && s.PeriodCode == PeriodCode).ToListAsync(ct);

    /// <summary>Loads the MPP and its periods; returns the refusal when the user may not manage the MPP asked for.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var (mall, forbidden) = await ManagedMall.ResolveAsync(User, Regency, db, ct);
        if (forbidden)
        {
            return Forbid();
        }
        Mall = mall;
        Choices = await ManagedMall.ChoicesAsync(User, db, ct);
        Message = Request.Query["done"].ToString() switch
        {
            "closed" => text["Period_Closed"].Value,
            "published" => text["Period_Published"].Value,
            _ => null,
        };
        if (Mall is null)
        {
            return null;
        }
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.MallId == Mall.Id)
            .GroupBy(s => s.PeriodCode)
            .Select(g => new
            {
                PeriodCode = g.Key,
                // A period is closed when every survey of it is; published when one is (they are published together).
                Open = g.Count(s => s.ClosedAt == null),
                ClosedAt = g.Max(s => s.ClosedAt),
                PublishedAt = g.Max(s => s.PublishedAt),
            })
            .ToListAsync(ct);
        var results = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == Mall.Id && r.TemplateCode == "skm")
            .Select(r => new { r.PeriodCode, r.Converted, r.Grade, r.Respondents })
            .ToDictionaryAsync(r => r.PeriodCode, ct);
        var late = await new PublishedResults(db).LateCountsAsync(Mall.Id, surveys.Select(s => s.PeriodCode).ToList(), ct);
        Rows = surveys
            .OrderByDescending(s => Core.Surveys.Period.Parse(s.PeriodCode).StartsOn).ThenBy(s => s.PeriodCode, StringComparer.Ordinal)
            .Select(s =>
            {
                var r = results.GetValueOrDefault(s.PeriodCode);
                return new Row(s.PeriodCode, s.Open == 0 ? s.ClosedAt : null, s.PublishedAt, r?.Converted, r?.Grade, r?.Respondents, late.GetValueOrDefault(s.PeriodCode));
            })
            .ToList();
        return null;
    }
}
