using Microsoft.Extensions.Localization;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MppSurvey.Core.Database;
using MppSurvey.Core.Surveys;
using MppSurvey.Web.Charts;

namespace MppSurvey.Web.Pages.Publik;

/// <summary>
/// GET /publik/{regency}: one MPP's published results for anyone: the trend of the published periods,
/// each period's index, grade and elements in plain words, and the follow-up plans of those periods
/// ("Anda menyampaikan, kami menindaklanjuti"). No login; an unpublished period and its plan are
/// simply absent, because everything is read through <see cref="PublishedResults"/>.
/// </summary>
public sealed class MallModel(MppSurveyDbContext db, IStringLocalizer<SharedText> text) : PageModel
{
    public PublishedResults.MallFigures? Figures { get; private set; }

    /// <summary>The published periods of the latest one's kind, oldest first, as the chart and its table show them.</summary>
    public IReadOnlyList<PublishedResults.PeriodFigures> Trend { get; private set; } = [];

    public string TrendSvg { get; private set; } = "";

    public IReadOnlyList<PublishedResults.PublishedAction> Plan { get; private set; } = [];

    /// <summary>The newest published SPKP and SPAK results with their published trend (none when not run or not published).</summary>
    public IReadOnlyList<Core.Reporting.OtherIndices.Template> OtherIndices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string regency, CancellationToken ct)
    {
        var results = new PublishedResults(db);
        Figures = await results.ForMallAsync(regency, ct);
        if (Figures is null)
        {
            // The page itself says what happened and where to go, with the 404 status.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        // A trend joins like with like: the periods of the latest one's kind (semesters with semesters).
        var kind = Figures.Periods.Count == 0 ? PeriodKind.Semester : Period.Parse(Figures.Periods[0].PeriodCode).Kind;
        Trend = Figures.Periods.Where(p => Period.Parse(p.PeriodCode).Kind == kind)
            .OrderBy(p => Period.Parse(p.PeriodCode).StartsOn).ToList();
        TrendSvg = TrendChartSvg.Render(
            Trend.Select(p => new TrendChartSvg.Point(p.PeriodCode, (double)p.Converted, p.CiLow, p.CiHigh)).ToList(),
            // The SVG is an image with a name: without it axe (and a screen reader) finds an unnamed graphic.
            CultureInfo.CurrentCulture, text["Public_TrendTitle"], text["Public_TrendCaption"]);
        Plan = await results.PublishedPlanAsync(Figures, ct);
        OtherIndices = await results.PublishedOtherIndicesAsync(Figures.Mall.RegencyCode, CultureInfo.CurrentUICulture, ct);
        return Page();
    }
}
