using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Audit;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// An MPP's agencies and their services: add, rename, deactivate and reactivate, and add many at
/// once from a CSV list (<see cref="CounterList"/>). Nothing is ever deleted: responses point at
/// agencies and services by id, so a renamed or deactivated counter keeps its history and its
/// figures. An MPP admin works on their own MPP only (from the scope claim); an id of another MPP's
/// agency or service is simply not found.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.MppAdmin)]
public sealed class InstansiModel(MppSurveyDbContext db, TimeProvider clock, IStringLocalizer<SharedText> text) : PageModel
{
    public const long MaxCsvBytes = 1024 * 1024;

    [BindProperty(SupportsGet = true, Name = "mpp")] public string? Regency { get; set; }
    [BindProperty] public int? AgencyId { get; set; }
    [BindProperty] public int? ServiceId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ShortName { get; set; }
    [BindProperty] public IFormFile? CsvFile { get; set; }
    /// <summary>The state a deactivate/reactivate button asks for: explicit, so a replayed click changes nothing.</summary>
    [BindProperty] public bool? Active { get; set; }

    public Mall? Mall { get; private set; }
    public IReadOnlyList<ManagedMall.Choice> Choices { get; private set; } = [];
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    /// <summary>Errors by the form they belong to ("agency-new", "agency-12", "service-new-12", "service-40", "csv"), shown beside that form's field.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string> CsvProblems { get; private set; } = [];
    public string? Message { get; private set; }

    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _edit;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct, forWriting: false) ?? Page();

    public async Task<IActionResult> OnPostAddAgencyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var name = CounterList.CleanName(Name);
        if (CheckName(name, "agency-new") && Agencies.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            Errors["agency-new"] = text["Counters_AgencyExists", name];
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        db.Agencies.Add(new Agency { MallId = Mall!.Id, Name = name, ShortName = CounterList.CleanName(ShortName) is { Length: <= 40 } s ? s : "" });
        AuditLog.Record(db, User, clock.GetUtcNow(), "agency.add", name, Mall.Id);
        await SaveAsync(ct);
        return Done("agency-added");
    }

    public async Task<IActionResult> OnPostRenameAgencyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Id == AgencyId && a.MallId == Mall!.Id, ct);
        if (agency is null)
        {
            return NotFound();
        }
        var name = CounterList.CleanName(Name);
        var key = $"agency-{agency.Id}";
        if (CheckName(name, key) && Agencies.Any(a => a.Id != agency.Id && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            Errors[key] = text["Counters_AgencyExists", name];
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        AuditLog.Record(db, User, clock.GetUtcNow(), "agency.rename", name, Mall!.Id, agency.Name);
        agency.Name = name;
        await SaveAsync(ct);
        return Done("saved");
    }

    public async Task<IActionResult> OnPostToggleAgencyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Id == AgencyId && a.MallId == Mall!.Id, ct);
        if (agency is null)
        {
            return NotFound();
        }
        if (Active is not bool active)
        {
            return BadRequest();
        }
        if (agency.IsActive == active)
        {
            // A replayed or repeated click: the agency is already as asked.
            return Done("saved");
        }
        agency.IsActive = active;
        AuditLog.Record(db, User, clock.GetUtcNow(), agency.IsActive ? "agency.activate" : "agency.deactivate", agency.Name, Mall!.Id);
        await SaveAsync(ct);
        return Done("saved");
    }

    public async Task<IActionResult> OnPostAddServiceAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var agency = Agencies.FirstOrDefault(a => a.Id == AgencyId);
        if (agency is null)
        {
            return NotFound();
        }
        var name = CounterList.CleanName(Name);
        var key = $"service-new-{agency.Id}";
        if (CheckName(name, key) && agency.Services.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            Errors[key] = text["Counters_ServiceExists", name];
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        db.Services.Add(new Service { AgencyId = agency.Id, Name = name });
        AuditLog.Record(db, User, clock.GetUtcNow(), "service.add", $"{agency.Name} / {name}", Mall!.Id);
        await SaveAsync(ct);
        return Done("service-added");
    }

    public async Task<IActionResult> OnPostRenameServiceAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var service = await db.Services.Include(s => s.Agency).FirstOrDefaultAsync(s => s.Id == ServiceId && s.Agency!.MallId == Mall!.Id, ct);
        if (service is null)
        {
            return NotFound();
        }
        var name = CounterList.CleanName(Name);
        var key = $"service-{service.Id}";
        var siblings = Agencies.First(a => a.Id == service.AgencyId).Services;
        if (CheckName(name, key) && siblings.Any(s => s.Id != service.Id && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            Errors[key] = text["Counters_ServiceExists", name];
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        AuditLog.Record(db, User, clock.GetUtcNow(), "service.rename", $"{service.Agency!.Name} / {name}", Mall!.Id, service.Name);
        service.Name = name;
        await SaveAsync(ct);
        return Done("saved");
    }

    public async Task<IActionResult> OnPostToggleServiceAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        var service = await db.Services.Include(s => s.Agency).FirstOrDefaultAsync(s => s.Id == ServiceId && s.Agency!.MallId == Mall!.Id, ct);
        if (service is null)
        {
            return NotFound();
        }
        if (Active is not bool active)
        {
            return BadRequest();
        }
        if (service.IsActive == active)
        {
            return Done("saved");
        }
        service.IsActive = active;
        AuditLog.Record(db, User, clock.GetUtcNow(), service.IsActive ? "service.activate" : "service.deactivate", $"{service.Agency!.Name} / {service.Name}", Mall!.Id);
        await SaveAsync(ct);
        return Done("saved");
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct, forWriting: true) is { } refused)
        {
            return refused;
        }
        if (CsvFile is null || CsvFile.Length == 0)
        {
            Errors["csv"] = text["Counters_CsvChoose"];
            return Page();
        }
        if (CsvFile.Length > MaxCsvBytes)
        {
            Errors["csv"] = text["Counters_CsvTooBig", MaxCsvBytes / 1024];
            return Page();
        }
        string content;
        try
        {
            using var reader = new StreamReader(CsvFile.OpenReadStream(), new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            content = await reader.ReadToEndAsync(ct);
        }
        catch (System.Text.DecoderFallbackException)
        {
            Errors["csv"] = text["Counters_CsvNotUtf8"];
            return Page();
        }
        var (rows, problems) = CounterList.Parse(content);
        if (problems.Count > 0)
        {
            // All or nothing: a list with one bad line is fixed and imported again, never half-imported.
            Errors["csv"] = text["Counters_CsvRejected", problems.Count];
            CsvProblems = problems.Take(20).Select(p => text[p.Code, p.Args].Value).ToList();
            return Page();
        }
        var outcome = await CounterList.AddMissingAsync(db, Mall!.Id, rows, ct);
        AuditLog.Record(db, User, clock.GetUtcNow(), "counters.import", CsvFile.FileName, Mall.Id,
            $"+{outcome.AgenciesAdded} / +{outcome.ServicesAdded} / ={outcome.AlreadyThere}");
        await SaveAsync(ct);
        return RedirectToPage(new { mpp = Regency, done = "imported", a = outcome.AgenciesAdded, s = outcome.ServicesAdded, e = outcome.AlreadyThere });
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        if (_edit is not null)
        {
            await _edit.CommitAsync(ct);
        }
    }

    private IActionResult Done(string what) => RedirectToPage(new { mpp = Regency, done = what });

    private bool CheckName(string name, string key)
    {
        if (name.Length == 0)
        {
            Errors[key] = text["Counters_NameRequired"];
        }
        else if (CounterList.NameProblem(name) is { } problem)
        {
            Errors[key] = text[problem, 0, CounterList.MaxNameLength];
        }
        return !Errors.ContainsKey(key);
    }

    /// <summary>
    /// The MPP and its counters. A form that writes first takes the MPP's counter lock
    /// (<see cref="EditLock"/>), so its "already exists" check sees every earlier click's row.
    /// </summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct, bool forWriting)
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
            // Only a hand-made form posts to an MPP that does not exist.
            return forWriting ? NotFound() : null;
        }
        Regency ??= ManagedMall.ChoosesMall(User) ? Mall.RegencyCode : null;
        if (forWriting)
        {
            _edit = await EditLock.AcquireAsync(db, EditLock.Area.Counters, Mall.Id, ct);
        }
        Agencies = await db.Agencies.AsNoTracking().Include(a => a.Services)
            .Where(a => a.MallId == Mall.Id)
            .OrderByDescending(a => a.IsActive).ThenBy(a => a.Name)
            .ToListAsync(ct);
        var q = Request.Query;
        Message = q["done"].ToString() switch
        {
            "agency-added" => text["Counters_AgencyAdded"].Value,
            "service-added" => text["Counters_ServiceAdded"].Value,
            "saved" => text["Counters_Saved"].Value,
            "imported" => text["Counters_Imported", q["a"].ToString(), q["s"].ToString(), q["e"].ToString()].Value,
            _ => null,
        };
        return null;
    }
}
