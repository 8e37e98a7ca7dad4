using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Web.Reports;

namespace MppSurvey.Web.Pages.Laporan;

/// <summary>The workbooks a user may download: their own MPP's, or every MPP's and the national one for the ministry.</summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.RegionalHead + "," + Roles.MppAdmin)]
public sealed class IndexModel(MppSurveyDbContext db) : PageModel
{
    public sealed record Row(string RegencyCode, string MallName, string PeriodCode, decimal Converted, string Grade, int Respondents);

    public IReadOnlyList<string> NationalPeriods { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = User.SeesAllRegions();
        var regency = User.FindFirst(ScopeClaims.Regency)?.Value;
        var results = db.IndexResults.AsNoTracking().Where(r => r.UnitKind == UnitKind.Mall && r.TemplateCode == "skm");
        if (!all)
        {
            results = results.Where(r => r.UnitKey == regency);
        }
        var latest = all ? await results.OrderByDescending(r => r.PeriodCode).Select(r => r.PeriodCode).FirstOrDefaultAsync() : null;
        if (all)
        {
            // The ministry's list would hold every MPP of every period: show the latest period here.
            results = results.Where(r => r.PeriodCode == latest);
            NationalPeriods = await db.IndexResults.Where(r => r.UnitKind == UnitKind.National).Select(r => r.PeriodCode).Distinct().OrderByDescending(p => p).ToListAsync();
        }
        var rows = await results
            .Join(db.Malls, r => r.MallId, m => m.Id, (r, m) => new { r.UnitKey, m.Name, r.PeriodCode, r.Converted, r.Grade, r.Respondents })
            .OrderByDescending(r => r.PeriodCode).ThenBy(r => r.UnitKey)
            .ToListAsync();
        Rows = rows.Select(r => new Row(r.UnitKey, r.Name, r.PeriodCode, r.Converted, r.Grade, r.Respondents)).ToList();
    }
}
