using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// Running a survey: an MPP starts a published template version for a period (a semester by
/// default, the minister's six-monthly rhythm), for all its counters or only some agencies and
/// services, and enters the period's visitor population when it knows it, which sets the
/// Krejcie &amp; Morgan target (docs/method.md, Sample size (Krejcie and Morgan)). Switching to a newer version within a period
/// is starting that version: the newest survey of a template takes new responses, and the index
/// merges versions by element code.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.MppAdmin)]
public sealed class SurveiModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public const int MaxPopulation = 10_000_000;

    public sealed record VersionChoice(int Id, string Code, string Name, int Version);

    public sealed record Row(int Id, string TemplateCode, string TemplateName, int Version, string PeriodCode, int? Population, string Coverage,
        bool Closed, bool Published, long Responses, int? Target);

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty] public int? VersionId { get; set; }
    [BindProperty] public string? PeriodCode { get; set; }
    [BindProperty] public string? Population { get; set; }
    [BindProperty] public int[] AgencyIds { get; set; } = [];
    [BindProperty] public int[] ServiceIds { get; set; } = [];
    [BindProperty] public int? SurveyId { get; set; }

    public Mall? Mall { get; private set; }
    public IReadOnlyList<ManagedMall.Choice> Choices { get; private set; } = [];
    public IReadOnlyList<VersionChoice> Versions { get; private set; } = [];
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string DefaultPeriod { get; private set; } = "";
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (Mall is null)
        {
            return NotFound();
        }
        // Two clicks of Mulai (or two admins) run one after the other: the second meets "already running".
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.Surveys, Mall.Id, ct);
        var version = Versions.FirstOrDefault(v => v.Id == VersionId);
        if (version is null)
        {
            Errors["version"] = text["Surveys_VersionRequired"];
        }
        var periodCode = (PeriodCode ?? "").Trim();
        var today = DateOnly.FromDateTime(Mall!.LocalTime(clock.GetUtcNow()));
        if (!Period.TryParse(periodCode, out var period))
        {
            Errors["period"] = text["Surveys_PeriodInvalid"];
        }
        else if (period.EndsOn < today)
        {
            // A past period is recorded by importing its spreadsheets (/Admin/Import), not by a survey nobody can answer.
            Errors["period"] = text["Surveys_PeriodPast", periodCode];
        }
        else if (period.StartsOn > today.AddYears(1))
        {
            Errors["period"] = text["Surveys_PeriodTooFar", periodCode];
        }
        else if (await db.Surveys.AnyAsync(s => s.MallId == Mall.Id && s.PeriodCode == periodCode && s.ClosedAt != null, ct))
        {
            Errors["period"] = text["Surveys_PeriodClosed", periodCode];
        }
        else if (version is not null && await db.Surveys.AnyAsync(s => s.MallId == Mall.Id && s.PeriodCode == periodCode && s.TemplateVersionId == version.Id, ct))
        {
            Errors["version"] = text["Surveys_AlreadyRunning", $"{version.Code} v{version.Version}", periodCode];
        }
        var population = ParsePopulation("population");
        var agencyIds = AgencyIds.Distinct().ToArray();
        var serviceIds = ServiceIds.Distinct().ToArray();
        var ownAgencies = Agencies.Where(a => a.IsActive).Select(a => a.Id).ToHashSet();
        var ownServices = Agencies.Where(a => a.IsActive).SelectMany(a => a.Services).Where(s => s.IsActive).Select(s => s.Id).ToHashSet();
        if (!agencyIds.All(ownAgencies.Contains) || !serviceIds.All(ownServices.Contains))
        {
            // Only a forged form can name another MPP's counter or an inactive one.
            Errors["coverage"] = text["Surveys_CoverageUnknown"];
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        if (!await db.Periods.AnyAsync(p => p.Code == period.Code, ct))
        {
            db.Periods.Add(period);
        }
        var now = clock.GetUtcNow();
        var survey = new Survey
        {
            MallId = Mall.Id,
            TemplateVersionId = version!.Id,
            PeriodCode = period.Code,
            Population = population,
            AgencyIds = agencyIds.Length > 0 ? agencyIds : null,
            ServiceIds = serviceIds.Length > 0 ? serviceIds : null,
            OpenedAt = now,
            OpenedBy = User.Identity?.Name,
        };
        db.Surveys.Add(survey);
        AuditLog.Record(db, User, now, "survey.start", $"{version.Code} v{version.Version} {period.Code}", Mall.Id,
            survey.IsLimited ? $"instansi [{string.Join(',', agencyIds)}], layanan [{string.Join(',', serviceIds)}]" : null);
        try
        {
            await db.SaveChangesAsync(ct);
            await edit!.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two admins starting the same survey at once: the second sees what the first did.
            Errors["version"] = text["Surveys_AlreadyRunning", $"{version.Code} v{version.Version}", period.Code];
            return Page();
        }
        return RedirectToPage(new { mpp = Regency, done = "started" });
    }

    public async Task<IActionResult> OnPostPopulationAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var survey = await db.Surveys.Include(s => s.TemplateVersion).ThenInclude(v => v!.Template)
            .FirstOrDefaultAsync(s => s.Id == SurveyId && s.MallId == Mall!.Id, ct);
        if (survey is null)
        {
            return NotFound();
        }
        var key = $"population-{survey.Id}";
        var population = ParsePopulation(key);
        if (Errors.Count > 0)
        {
            return Page();
        }
        AuditLog.Record(db, User, clock.GetUtcNow(), "survey.population",
            $"{survey.TemplateVersion!.Template!.Code} v{survey.TemplateVersion.Version} {survey.PeriodCode}", Mall!.Id,
            string.Create(CultureInfo.InvariantCulture, $"{survey.Population} -> {population}"));
        survey.Population = population;
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { mpp = Regency, done = "saved" });
    }

    /// <summary>
    /// Undoes a survey started by mistake (wrong template, wrong period) while it has no response:
    /// the row goes, as if never started. One with responses, or of a closed period, stays: its
    /// answers are figures.
    /// </summary>
    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        if (Mall is null)
        {
            return NotFound();
        }
        await using var edit = await EditLock.AcquireAsync(db, EditLock.Area.Surveys, Mall.Id, ct);
        // FOR UPDATE holds off a response being written for this survey (its foreign key takes a key-share
        // lock on the row) until the cancel is done, so the count below is the last word and the delete
        // (which cascades to responses) can never take an answer with it.
        var survey = (await db.Surveys.FromSql($"SELECT * FROM surveys WHERE id = {SurveyId ?? 0} AND mall_id = {Mall.Id} FOR UPDATE")
            .ToListAsync(ct)).FirstOrDefault();
        if (survey is null)
        {
            return NotFound();
        }
        var responses = await db.Responses.LongCountAsync(r => r.SurveyId == survey.Id, ct);
        if (responses > 0 || survey.ClosedAt is not null)
        {
            Errors[$"cancel-{survey.Id}"] = responses > 0
                ? text["Surveys_CancelHasResponses", responses.ToString("N0", CultureInfo.CurrentCulture)]
                : text["Surveys_CancelClosed"];
            return Page();
        }
        var version = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Id == survey.TemplateVersionId)
            .Select(v => new { v.Template!.Code, v.Version }).SingleAsync(ct);
        db.Surveys.Remove(survey);
        AuditLog.Record(db, User, clock.GetUtcNow(), "survey.cancel", $"{version.Code} v{version.Version} {survey.PeriodCode}", Mall.Id);
        await db.SaveChangesAsync(ct);
        await edit!.CommitAsync(ct);
        return RedirectToPage(new { mpp = Regency, done = "cancelled" });
    }

    /// <summary>Empty means "not known"; otherwise a whole number of visitors. Digits grouped with '.' or ',' (1.250 or 1,250) are accepted.</summary>
    private int? ParsePopulation(string key)
    {
        var raw = (Population ?? "").Trim().Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (raw.Length == 0)
        {
            return null;
        }
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxPopulation)
        {
            Errors[key] = text["Surveys_PopulationInvalid", MaxPopulation.ToString("N0", CultureInfo.CurrentCulture)];
            return null;
        }
        return n;
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var (mall, forbidden) = await ManagedMall.ResolveAsync(User, Regency, db, ct);
        if (forbidden)
        {
            return Forbid();
        }
        Mall = mall;
        Choices = await ManagedMall.ChoicesAsync(User, db, ct);
        if (Mall is null)
        {
            return null;
        }
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        Versions = (await db.SurveyTemplateVersions.AsNoTracking()
                .Where(v => v.PublishedAt != null && (v.Template!.OwnerMallId == null || v.Template.OwnerMallId == Mall.Id))
                .Select(v => new { v.Id, v.Template!.Code, v.Template.NameId, v.Template.NameEn, v.Version })
                .ToListAsync(ct))
            .OrderBy(v => v.Code, StringComparer.Ordinal).ThenByDescending(v => v.Version)
            .Select(v => new VersionChoice(v.Id, v.Code, english ? v.NameEn : v.NameId, v.Version))
            .ToList();
        Agencies = await db.Agencies.AsNoTracking().Include(a => a.Services)
            .Where(a => a.MallId == Mall.Id && a.IsActive)
            .OrderBy(a => a.Name)
            .ToListAsync(ct);
        DefaultPeriod = Period.Containing(DateOnly.FromDateTime(Mall.LocalTime(clock.GetUtcNow())), PeriodKind.Semester).Code;
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => s.MallId == Mall.Id)
            .Select(s => new
            {
                s.Id, s.TemplateVersion!.Template!.Code, s.TemplateVersion.Template.NameId, s.TemplateVersion.Template.NameEn, s.TemplateVersion.Version,
                s.PeriodCode, s.Population, s.AgencyIds, s.ServiceIds, s.ClosedAt, s.PublishedAt, s.OpenedAt,
            })
            .ToListAsync(ct);
        var counts = await db.Responses.AsNoTracking()
            .Where(r => r.MallId == Mall.Id)
            .GroupBy(r => r.SurveyId)
            .Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rows = surveys
            .OrderByDescending(s => Period.Parse(s.PeriodCode).StartsOn).ThenByDescending(s => s.OpenedAt)
            .Select(s => new Row(s.Id, s.Code, english ? s.NameEn : s.NameId, s.Version, s.PeriodCode, s.Population,
                s.AgencyIds is null && s.ServiceIds is null
                    ? text["Surveys_CoverageAll"].Value
                    : text["Surveys_CoverageSome", s.AgencyIds?.Length ?? 0, s.ServiceIds?.Length ?? 0].Value,
                s.ClosedAt is not null, s.PublishedAt is not null, counts.GetValueOrDefault(s.Id),
                s.Population is int p ? (int)Core.Scoring.KrejcieMorgan.RequiredSample(p) : null))
            .ToList();
        Message = Request.Query["done"].ToString() switch
        {
            "started" => text["Surveys_Started"].Value,
            "saved" => text["Counters_Saved"].Value,
            "cancelled" => text["Surveys_Cancelled"].Value,
            _ => null,
        };
        Regency ??= ManagedMall.ChoosesMall(User) ? Mall.RegencyCode : null;
        return null;
    }
}
