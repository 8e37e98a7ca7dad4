using MppSurvey.Web.Reports;
using System.Globalization;
using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Web.Pages.Admin;

/// <summary>
/// Historic spreadsheets in, as responses of channel `import` (or just scored, with nothing
/// stored). An MPP admin imports into their own MPP only; an Administrator chooses the MPP.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.MppAdmin)]
[RequestSizeLimit(ImportUploadLimit.MaxRequestBytes)]
public sealed class ImportModel(MppSurveyDbContext db, HistoricImporter importer, IBackgroundJobClient jobs, IStringLocalizer<SharedText> text, ILogger<ImportModel> logger) : PageModel
{
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public sealed record MallChoice(string RegencyCode, string Name);
    public sealed record ServiceChoice(int Id, string Name);
    public sealed record ImportOutcome(bool Stored, int Rows, decimal Converted, string Grade, string Label);

    [BindProperty] public string? RegencyCode { get; set; }
    [BindProperty] public string? PeriodCode { get; set; }
    [BindProperty] public int? ServiceId { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool ScoreOnly { get; set; }

    public IReadOnlyList<MallChoice> Malls { get; private set; } = [];
    public IReadOnlyList<ServiceChoice> Services { get; private set; } = [];
    public ImportOutcome? Outcome { get; private set; }
    private readonly Dictionary<string, string> _errors = [];

    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    public async Task OnGetAsync()
    {
        await LoadChoicesAsync();
        // Sent here by ImportUploadLimit, which refused a request too large to read.
        if (Request.Query[ImportUploadLimit.QueryKey] == ImportUploadLimit.TooLarge)
        {
            _errors["File"] = text["Import_TooLarge", MaxFileBytes / 1024 / 1024];
        }
    }

    /// <summary>
    /// One sentence per problem, each naming the row and column once: the resource composes the
    /// location with the cell's value (the importer's result carries them apart for this reason).
    /// </summary>
    private string ErrorText(HistoricImporter.Result result)
    {
        var message = text[result.Error!, result.Row?.ToString(CultureInfo.InvariantCulture) ?? "", result.Column ?? "", result.Detail ?? ""];
        return message.ResourceNotFound ? text["Import_Unreadable"] : message.Value;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadChoicesAsync();
        var mallId = await MallIdAsync(ct);
        if (mallId is null)
        {
            _errors["RegencyCode"] = text["Import_UnknownMall"];
        }
        if (Upload is null || Upload.Length == 0)
        {
            _errors["File"] = text["Import_NoFile"];
        }
        else if (Upload.Length > MaxFileBytes)
        {
            _errors["File"] = text["Import_TooLarge", MaxFileBytes / 1024 / 1024];
        }
        if (_errors.Count > 0)
        {
            return Page();
        }

        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer, ct);
        var result = await importer.ImportAsync(new HistoricImporter.Request(
            mallId!.Value, PeriodCode?.Trim() ?? "", ServiceId, Upload.FileName, buffer.ToArray(), User.Identity?.Name ?? "", ScoreOnly), ct);
        var period = PeriodCode?.Trim() ?? "";
        if (!result.Succeeded)
        {
            // The period as typed is logged only when it is one (a bad one is our reason code alone).
            ImportLog.Refused(logger, mallId.Value, result.Error == "Import_BadPeriod" ? "(invalid)" : period, ActorId.Of(User), result.Error!, result.Row, result.Column);
            var field = result.Error switch { "Import_BadPeriod" or "Import_PeriodPublished" => "PeriodCode", "Import_UnknownService" => "ServiceId", _ => "File" };
            _errors[field] = ErrorText(result);
            return Page();
        }
        ImportLog.Accepted(logger, mallId.Value, period, ActorId.Of(User), result.Rows, !ScoreOnly);
        if (!ScoreOnly)
        {
            // The imported period is computed now, not at the next nightly run (which would also find it marked).
            string[] periods = [PeriodCode!.Trim()];
            jobs.Enqueue<IndexJob>(job => job.RunAsync(periods, false, CancellationToken.None));
        }
        var index = result.Index!;
        Outcome = new ImportOutcome(!ScoreOnly, result.Rows, index.ConvertedRounded, index.Grade.ToString(), Grading.Label(index.Grade, CultureInfo.CurrentUICulture));
        return Page();
    }

    private async Task<int?> MallIdAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Administrator))
        {
            // An MPP admin's MPP comes from their scope claim, never from the form.
            return User.ScopedMallId();
        }
        return await db.Malls.Where(m => m.RegencyCode == RegencyCode).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
    }

    private async Task LoadChoicesAsync()
    {
        if (User.IsInRole(Roles.Administrator))
        {
            Malls = await db.Malls.OrderBy(m => m.RegencyCode).Select(m => new MallChoice(m.RegencyCode, m.Name)).ToListAsync();
            RegencyCode ??= Malls.FirstOrDefault()?.RegencyCode;
        }
        var mallId = await MallIdAsync(HttpContext.RequestAborted);
        Services = await db.Services.Where(s => s.Agency!.MallId == mallId && s.IsActive)
            .OrderBy(s => s.Agency!.Name).ThenBy(s => s.Name)
            .Select(s => new ServiceChoice(s.Id, s.Agency!.ShortName + " · " + s.Name)).ToListAsync();
    }
}
