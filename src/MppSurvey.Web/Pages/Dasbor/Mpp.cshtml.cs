using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Scoring;
using MppSurvey.Web.Charts;
using MppSurvey.Web.Dasbor;
using MppSurvey.Web.Reports;

namespace MppSurvey.Web.Pages.Dasbor;

/// <summary>
/// The regional head's dashboard of one MPP and period, from the index job's stored
/// results. A regional head or MPP admin sees only their own regency; any other gets 403 with the
/// error page and no data (a plain status rather than Forbid, which would redirect to a 200 page).
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry + "," + Roles.RegionalHead + "," + Roles.MppAdmin)]
public sealed class MppModel(MppSurveyDbContext db, IStringLocalizer<SharedText> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "periode")]
    public string? Periode { get; set; }

    public MallDashboardQuery.Result Data { get; private set; } = null!;

    public string TrendSvg { get; private set; } = "";

    public string ElementsSvg { get; private set; } = "";

    public ChangeVerdict? LatestVerdict { get; private set; }

    /// <summary>
    /// The follow-up plans of the previous and the shown period, read-only here: the regional head
    /// reads what the MPP committed to, how far it got and how its element moved since.
    /// </summary>
    public IReadOnlyList<FollowUpProgress.Row> FollowUps { get; private set; } = [];

    /// <summary>What visitors wrote about, per theme, beside the shown period's previous one (the citizens' voice).</summary>
    public Core.Themes.ThemeSummary.Result? Themes { get; private set; }

    /// <summary>One element of the shown period beside the previous one (NRR on 1-4 and x 25).</summary>
    public sealed record ElementRow(string Code, string Name, decimal? Nrr, decimal? Current, decimal? Previous)
    {
        public decimal? Difference => Current is decimal c && Previous is decimal p ? c - p : null;
    }

    /// <summary>The nine elements weakest first (unanswered last, ties by code): where to look first.</summary>
    public IReadOnlyList<ElementRow> Elements { get; private set; } = [];

    /// <summary>The SPKP and SPAK results of the shown period (none when the MPP ran SKM only).</summary>
    public IReadOnlyList<Core.Reporting.OtherIndices.Template> OtherIndices { get; private set; } = [];

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
        LatestVerdict = Enum.TryParse<ChangeVerdict>(data.Current?.ChangeVerdict, out var v) ? v : null;
        if (data.Current is not { } current)
        {
            return Page();
        }
        FollowUps = await new FollowUpProgress(db).LoadAsync(mallId, data.PeriodCode, ct);
        Themes = await new Core.Themes.ThemeSummary(db).LoadAsync(mallId, data.PeriodCode, current.IncludesFlagged, ct);
        OtherIndices = await Core.Reporting.OtherIndices.ForMallAsync(db, mallId, data.PeriodCode, publishedOnly: false, CultureInfo.CurrentUICulture, ct);
        TrendSvg = TrendChartSvg.Render(
            data.Trend.Select(r => new TrendChartSvg.Point(r.PeriodCode, (double)r.Converted, r.CiLow, r.CiHigh)).ToList(),
            CultureInfo.CurrentCulture, text["Dash_Trend"], text["Dash_TrendCaption"]);
        Elements = SortedElements(current, data.Previous, CultureInfo.CurrentUICulture);
        ElementsSvg = ElementBarsSvg.Render(
            Elements.Select(e => new ElementBarsSvg.Bar(e.Code, e.Name, e.Current, e.Previous)).ToList(),
            CultureInfo.CurrentCulture, text["Dash_Elements"],
            text["Dash_ElementsCaption", data.PeriodCode, data.Previous?.PeriodCode ?? text["Dash_PreviousPeriod"].Value]);
        return Page();
    }

    public static IReadOnlyList<ElementRow> SortedElements(Core.Reporting.IndexResult current, Core.Reporting.IndexResult? previous, CultureInfo ui)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.ElementCodes
            .Select((code, i) => new ElementRow(code, ScoringText.ElementName(code, ui),
                current.ElementAnswered[i] == 0 ? null : Math.Round((decimal)current.ElementSums[i] / current.ElementAnswered[i], 2, MidpointRounding.AwayFromZero),
                ElementValue(current, code), ElementValue(previous, code)))
            .OrderBy(e => e.Current is null).ThenBy(e => e.Current).ThenBy(e => e.Code, StringComparer.Ordinal)
            .ToList();
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
