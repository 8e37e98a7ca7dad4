using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Scoring;
using MppSurvey.Web.Charts;
using MppSurvey.Web.Dasbor;
using MppSurvey.Web.Reports;

namespace MppSurvey.Web.Pages.Dasbor;

/// <summary>
/// The regional head's dashboard of one MPP and period (issue 6), from the index job's stored
/// results. A regional head or MPP admin sees only their own regency; any other gets 403 with the
/// error page and no data (a plain status rather than Forbid, which would redirect to a 200 page).
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.RegionalHead + "," + Roles.MppAdmin)]
public sealed class MppModel(MppSurveyDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "periode")]
    public string? Periode { get; set; }

    public MallDashboardQuery.Result Data { get; private set; } = null!;

    public string TrendSvg { get; private set; } = "";

    public string ElementsSvg { get; private set; } = "";

    public ChangeVerdict? LatestVerdict { get; private set; }

    /// <summary>The period's follow-up plan, read-only here: the regional head reads what the MPP committed to.</summary>
    public IReadOnlyList<Core.FollowUp.FollowUpAction> FollowUps { get; private set; } = [];

    /// <summary>The MPP's own admin, the ministry and administrators edit the plan; a regional head reads it.</summary>
    public bool MayEditFollowUp => User.IsInRole(Core.Identity.Roles.MppAdmin) || User.SeesAllRegions();

    public async Task<IActionResult> OnGetAsync(string regency, CancellationToken ct)
    {
        if (!User.MaySee(regency))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var data = await new MallDashboardQuery(db).LoadAsync(regency, Periode, ct);
        if (data is null)
        {
            return NotFound();
        }
        Data = data;
        var mallId = await db.Malls.Where(m => m.RegencyCode == regency).Select(m => m.Id).FirstAsync(ct);
        FollowUps = await new Core.FollowUp.FollowUpPlan(db).ActionsAsync(mallId, data.PeriodCode, ct);
        LatestVerdict = Enum.TryParse<ChangeVerdict>(data.Current?.ChangeVerdict, out var v) ? v : null;
        TrendSvg = TrendChartSvg.Render(
            data.Trend.Select(r => new TrendChartSvg.Point(r.PeriodCode, (double)r.Converted, r.CiLow, r.CiHigh)).ToList(),
            CultureInfo.CurrentCulture);
        if (data.Current is { } current)
        {
            ElementsSvg = ElementBarsSvg.Render(
                current.ElementCodes.Select(code => new ElementBarsSvg.Bar(code, ElementValue(current, code), ElementValue(data.Previous, code))).ToList(),
                CultureInfo.CurrentCulture);
        }
        return Page();
    }

    /// <summary>The stored NRR x 25 of one element, or null when nobody answered it.</summary>
    public static decimal? ElementValue(Core.Reporting.IndexResult? result, string code)
    {
        if (result is null)
        {
            return null;
        }
        var i = Array.IndexOf(result.ElementCodes, code);
        return i < 0 || result.ElementAnswered[i] == 0 ? null : Grading.Round((decimal)result.ElementSums[i] / result.ElementAnswered[i] * 25);
    }
}
