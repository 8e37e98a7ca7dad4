using Microsoft.AspNetCore.Http.HttpResults;
using MppSurvey.Core.Database;
using MppSurvey.Core.Scoring;
using MppSurvey.Web.Pages.Publik;

namespace MppSurvey.Web.Api;

/// <summary>
/// Open data: GET /api/v1/publik/{regency} (one MPP) and GET /api/v1/publik (every MPP with a
/// published period), read-only and anonymous, with exactly the figures of the public pages (only
/// published periods). Numbers are JSON numbers (invariant), never culture-formatted text.
/// Any origin may read it (the data is public and no credentials are involved, so a wildcard
/// Access-Control-Allow-Origin is safe), and caches may keep it for five minutes: a published
/// figure is frozen, only a newly published period or a late-amendment count can change.
/// </summary>
public static class PublicResultsApi
{
    /// <summary>An element by its code and its names in both languages, so an open-data reader needs no code list.</summary>
    public sealed record ElementJson(string Code, string Name, string NameEn, decimal? Converted);

    /// <summary>The 95% interval is rounded like the index it surrounds (2 decimals, half away from zero: docs/method.md, Rounding and grades).</summary>
    public sealed record PeriodJson(
        string Period, DateTimeOffset PublishedAt, int Respondents, decimal Index, string Grade,
        decimal? CiLow, decimal? CiHigh, int? SampleTarget, decimal? PreviousIndex, string? Change,
        IReadOnlyList<ElementJson> Elements, int LateResponses, DateTimeOffset ComputedAt);

    public sealed record MallJson(string Regency, string Name, string RegencyName, string Province, string ProvinceName, IReadOnlyList<PeriodJson> Periods,
        IReadOnlyList<PerceptionJson>? Perception = null);

    /// <summary>
    /// SPKP or SPAK (docs/method.md, Other templates (SPKP, SPAK)), published periods only: the index on
    /// the template's scale (<c>index</c>, with <c>scaleMin</c>/<c>scaleMax</c>), the 0-100 rescale, the
    /// 95% interval on the scale and on 0-100; the indicators are those of the newest period.
    /// </summary>
    public sealed record PerceptionJson(string Template, string Name, int ScaleMin, int ScaleMax, IReadOnlyList<PerceptionPeriodJson> Periods,
        IReadOnlyList<IndicatorJson> Indicators);

    public sealed record PerceptionPeriodJson(string Period, int Respondents, decimal Index, decimal Rescaled,
        decimal? CiLow, decimal? CiHigh, decimal? CiLowRescaled, decimal? CiHighRescaled, decimal? Change, string? ChangeVerdict);

    public sealed record IndicatorJson(string Code, string Title, int Answered, decimal? Mean);

    public static void MapPublicResultsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/publik").AllowAnonymous().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.CacheControl = "public, max-age=300";
            return await next(context);
        });

        group.MapGet("/", async (MppSurveyDbContext db, CancellationToken ct) =>
        {
            var results = new PublishedResults(db);
            var list = new List<MallJson>();
            foreach (var figures in await results.AllAsync(ct))
            {
                list.Add(ToJson(figures) with { Perception = await PerceptionAsync(results, figures, ct) });
            }
            return list;
        });

        group.MapGet("/{regency}", async Task<Results<Ok<MallJson>, NotFound>> (string regency, MppSurveyDbContext db, CancellationToken ct) =>
        {
            var results = new PublishedResults(db);
            return await results.ForMallAsync(regency, ct) is { } figures
                ? TypedResults.Ok(ToJson(figures) with { Perception = await PerceptionAsync(results, figures, ct) })
                : TypedResults.NotFound();
        });
    }

    private static readonly System.Globalization.CultureInfo Indonesian = System.Globalization.CultureInfo.GetCultureInfo("id-ID");
    private static readonly System.Globalization.CultureInfo English = System.Globalization.CultureInfo.GetCultureInfo("en");

    private static MallJson ToJson(PublishedResults.MallFigures f) => new(
        f.Mall.RegencyCode, f.Mall.MallName, f.Mall.RegencyName, f.Mall.ProvinceCode, f.Mall.ProvinceName,
        f.Periods.Select(p => new PeriodJson(p.PeriodCode, p.PublishedAt, p.Respondents, p.Converted, p.Grade, Rounded(p.CiLow), Rounded(p.CiHigh),
            p.SampleTarget, p.PreviousConverted, p.ChangeVerdict,
            p.Elements.Select(e => new ElementJson(e.Code, ScoringText.ElementName(e.Code, Indonesian), ScoringText.ElementName(e.Code, English), e.Converted)).ToList(),
            p.LateResponses, p.ComputedAt)).ToList());

    /// <summary>Indicator titles in Indonesian, the open data's language (the element names carry both).</summary>
    private static async Task<IReadOnlyList<PerceptionJson>> PerceptionAsync(PublishedResults results, PublishedResults.MallFigures figures, CancellationToken ct) =>
        (await results.PublishedOtherIndicesAsync(figures.Mall.RegencyCode, Indonesian, ct))
            .Select(t => new PerceptionJson(t.Code, t.Name, t.ScaleMin, t.ScaleMax,
                t.Trend.Select(f => new PerceptionPeriodJson(f.PeriodCode, f.Respondents, f.Index, f.Rescaled,
                    Rounded(f.CiLow), Rounded(f.CiHigh), Rounded(f.CiLow100), Rounded(f.CiHigh100), f.Change, f.ChangeVerdict)).ToList(),
                t.Indicators.Select(i => new IndicatorJson(i.Code, i.Title, i.Answered, i.Mean)).ToList()))
            .ToList();

    /// <summary>A bound that is not a finite number (no interval below two respondents) stays null.</summary>
    internal static decimal? Rounded(double? value) =>
        value is double v && double.IsFinite(v) ? Math.Round((decimal)v, 2, MidpointRounding.AwayFromZero) : null;
}
