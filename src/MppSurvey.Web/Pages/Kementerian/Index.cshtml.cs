using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Reporting.Charts;
using MppSurvey.Web.Charts;

namespace MppSurvey.Web.Pages.Kementerian;

/// <summary>
/// The ministry's comparison of every MPP for one period, from the stored index results.
/// Sorting and the province filter are plain query-string parameters so the table works without script.
/// </summary>
[Authorize(Roles = Roles.Administrator + "," + Roles.Ministry)]
public sealed class IndexModel(MppSurveyDbContext db, IStringLocalizer<SharedText> text) : PageModel
{
    public sealed record MallRow(
        string RegencyCode, string MallName, string ProvinceCode, string ProvinceName, decimal Converted, string Grade,
        double? CiLow, double? CiHigh, int Respondents, long ScoreN, int? SampleTarget, decimal? PreviousConverted, ChangeVerdict? Verdict,
        FunnelPosition? Funnel)
    {
        public bool SmallSample => SampleTarget is int t && Respondents < t;
        public decimal? Change => PreviousConverted is decimal p ? Converted - p : null;
    }

    public sealed record ProvinceRow(string Code, string Name, decimal Converted, string Grade, double? CiLow, double? CiHigh, int Respondents, int Malls);

    /// <summary>One square of the tile map: a province, where it sits, and its pooled result if it has any MPP result.</summary>
    public sealed record Tile(string Code, string Name, ProvinceTileMap.Place Place, ProvinceRow? Result);

    /// <summary>Sort keys accepted from the query string; anything else falls back to the region order.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = ["region", "mpp", "ikm", "respondents", "change"];

    [BindProperty(SupportsGet = true, Name = "periode")]
    public string? Periode { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? Dir { get; set; }

    [BindProperty(SupportsGet = true, Name = "provinsi")]
    public string? Provinsi { get; set; }

    public IReadOnlyList<string> Periods { get; private set; } = [];
    public string? PeriodCode { get; private set; }
    public IndexResult? National { get; private set; }
    public IReadOnlyList<MallRow> Rows { get; private set; } = [];
    public IReadOnlyList<MallRow> AllRows { get; private set; } = [];
    public IReadOnlyList<ProvinceRow> Provinces { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> ProvinceOptions { get; private set; } = [];

    /// <summary>The 38 provinces of the tile map, in code order (the regions list, regions.csv).</summary>
    public IReadOnlyList<Tile> Tiles { get; private set; } = [];

    /// <summary>The province the MPP table is filtered to, once the code is known to be a province.</summary>
    public (string Code, string Name)? SelectedProvince { get; private set; }

    /// <summary>The <c>provinsi</c> parameter names no province: the table shows every province instead.</summary>
    public bool UnknownProvince { get; private set; }
    public string FunnelSvg { get; private set; } = "";

    /// <summary>Some MPP's survey of the shown period is still open: its figures, the funnel and the watch lists can still move.</summary>
    public bool Provisional { get; private set; }

    /// <summary>The funnel widened for the spread between MPPs (docs/method.md, Over-dispersion); null before any spread is known.</summary>
    public OverdispersedFunnel? Funnel { get; private set; }

    /// <summary>MPPs outside the 95% limits, named beside the plot, the farthest first.</summary>
    public IEnumerable<MallRow> Outliers => AllRows.Where(r => r.Funnel is not null and not FunnelPosition.Within)
        .OrderBy(r => r.Funnel is FunnelPosition.Above or FunnelPosition.Below).ThenBy(r => r.Converted);

    /// <summary>SPKP and SPAK per MPP for the shown period (docs/method.md, Other templates (SPKP, SPAK)).</summary>
    public OtherIndicesComparison.Table? Perception { get; private set; }

    private Dictionary<string, int> _mallIds = new(StringComparer.Ordinal);

    /// <summary>The SPKP or SPAK figure of an MPP in the shown period, or null when it did not run that survey.</summary>
    public OtherIndices.Figure? PerceptionOf(string regency, string template) =>
        Perception is { } p && _mallIds.TryGetValue(regency, out var id) && p.ByMall.TryGetValue(id, out var row) ? row.Figures.GetValueOrDefault(template) : null;

    public bool Descending => string.Equals(Dir, "desc", StringComparison.Ordinal);

    /// <summary>Not a significant rise since the previous period (the minister's rule of thumb, docs/method.md, A change between two periods).</summary>
    public IEnumerable<MallRow> NotRising => AllRows.Where(r => r.PreviousConverted is not null && r.Verdict != ChangeVerdict.SignificantRise);

    /// <summary>Below grade B, that is C or D.</summary>
    public IEnumerable<MallRow> BelowB => AllRows.Where(r => r.Grade is "C" or "D").OrderBy(r => r.Converted);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var periods = await db.IndexResults.AsNoTracking().Where(r => r.UnitKind == UnitKind.National && r.TemplateCode == "skm")
            .Select(r => r.PeriodCode).ToListAsync(ct);
        Periods = periods.Where(p => Period.TryParse(p, out _)).OrderByDescending(p => Period.Parse(p).StartsOn).ThenBy(p => Period.Parse(p).Kind).ToList();
        PeriodCode = Periode is not null && Periods.Contains(Periode, StringComparer.Ordinal) ? Periode : Periods.FirstOrDefault();
        if (PeriodCode is null)
        {
            return Page();
        }

        var results = await db.IndexResults.AsNoTracking()
            .Where(r => r.PeriodCode == PeriodCode && r.TemplateCode == "skm"
                && (r.UnitKind == UnitKind.National || r.UnitKind == UnitKind.Province || r.UnitKind == UnitKind.Mall))
            .ToListAsync(ct);
        National = results.Single(r => r.UnitKind == UnitKind.National);
        Provisional = await db.Surveys.AnyAsync(s => s.PeriodCode == PeriodCode && s.ClosedAt == null, ct);
        var malls = await db.Malls.AsNoTracking()
            .Select(m => new { m.Id, m.Name, m.RegencyCode, m.Regency!.ProvinceCode, Province = m.Regency.Province!.Name })
            .ToDictionaryAsync(m => m.Id, ct);
        var provinceNames = await db.Provinces.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        // The filter comes from a link or the picker; a code that is not a province (forged, mistyped,
        // a removed province) gets a message beside the picker and the whole table, never an error page.
        if (!string.IsNullOrEmpty(Provinsi))
        {
            if (provinceNames.TryGetValue(Provinsi, out var selectedName))
            {
                SelectedProvince = (Provinsi, selectedName);
            }
            else
            {
                UnknownProvince = true;
            }
        }

        // docs/method.md, Comparing MPPs fairly: the funnel plot and Over-dispersion: limits around the national mean with the nation's respondent-level spread,
        // widened for the spread between MPPs, exactly as the national workbook computes them.
        Funnel = NationalFunnel.Estimate(National, results.Where(r => r.UnitKind == UnitKind.Mall && r.MallId is int id && malls.ContainsKey(id)));
        AllRows = results.Where(r => r.UnitKind == UnitKind.Mall && r.MallId is int id && malls.ContainsKey(id))
            .Select(r =>
            {
                var m = malls[r.MallId!.Value];
                return new MallRow(m.RegencyCode, m.Name, m.ProvinceCode, m.Province, r.Converted, r.Grade, r.CiLow, r.CiHigh,
                    r.Respondents, r.ScoreN, r.SampleTarget, r.PreviousConverted,
                    Enum.TryParse<ChangeVerdict>(r.ChangeVerdict, out var v) ? v : null,
                    NationalFunnel.Position(Funnel, r));
            })
            .OrderBy(r => r.ProvinceCode, StringComparer.Ordinal).ThenBy(r => r.RegencyCode, StringComparer.Ordinal)
            .ToList();
        _mallIds = malls.Values.GroupBy(m => m.RegencyCode).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        Perception = await OtherIndicesComparison.ForPeriodAsync(db, PeriodCode, ct);
        ProvinceOptions = AllRows.Select(r => (r.ProvinceCode, r.ProvinceName)).Distinct().ToList();

        IEnumerable<MallRow> rows = AllRows;
        if (SelectedProvince is { } selected)
        {
            rows = rows.Where(r => r.ProvinceCode == selected.Code);
        }
        rows = (Sort, Descending) switch
        {
            ("mpp", false) => rows.OrderBy(r => r.MallName, StringComparer.CurrentCulture),
            ("mpp", true) => rows.OrderByDescending(r => r.MallName, StringComparer.CurrentCulture),
            ("ikm", false) => rows.OrderBy(r => r.Converted),
            ("ikm", true) => rows.OrderByDescending(r => r.Converted),
            ("respondents", false) => rows.OrderBy(r => r.Respondents),
            ("respondents", true) => rows.OrderByDescending(r => r.Respondents),
            // MPPs without a previous period sort last either way.
            ("change", false) => rows.OrderBy(r => r.Change is null).ThenBy(r => r.Change),
            ("change", true) => rows.OrderBy(r => r.Change is null).ThenByDescending(r => r.Change),
            (_, true) => rows.Reverse(),
            _ => rows,
        };
        Rows = rows.ToList();

        Provinces = results.Where(r => r.UnitKind == UnitKind.Province)
            .Select(r => new ProvinceRow(r.UnitKey, provinceNames.GetValueOrDefault(r.UnitKey, r.UnitKey), r.Converted, r.Grade, r.CiLow, r.CiHigh, r.Respondents,
                AllRows.Count(m => m.ProvinceCode == r.UnitKey)))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();

        // The tile map reads the pooled province results the index job stores (docs/method.md, pooling
        // above the MPP): the same figures as the province table below it and the national workbook.
        var byProvince = Provinces.ToDictionary(p => p.Code, StringComparer.Ordinal);
        Tiles = provinceNames.Where(p => ProvinceTileMap.Places.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new Tile(p.Key, p.Value, ProvinceTileMap.Places[p.Key], byProvince.GetValueOrDefault(p.Key)))
            .ToList();

        if (Funnel is not null)
        {
            FunnelSvg = FunnelPlotSvg.Render(
                AllRows.Where(r => r.Funnel is not null)
                    .Select(r => new FunnelPlotSvg.Point(r.MallName, Href(r.RegencyCode), r.ScoreN, (double)r.Converted, r.Funnel!.Value)).ToList(),
                Funnel, text["Ministry_Funnel"], text["Ministry_FunnelAxis"], text["Dash_Ikm"], CultureInfo.CurrentCulture);
        }
        return Page();
    }

    public string Href(string regency) => $"/dasbor/{regency}?periode={PeriodCode}";

    /// <summary>The link of a column header: the same column again flips the direction.</summary>
    public string SortLink(string key)
    {
        var dir = Sort == key && !Descending ? "desc" : "asc";
        var province = SelectedProvince is { } selected ? "&provinsi=" + selected.Code : "";
        return $"/kementerian?periode={PeriodCode}&sort={key}&dir={dir}{province}";
    }

    /// <summary>The tile's link: the MPP table filtered to that province.</summary>
    public string ProvinceLink(string code) => $"/kementerian?periode={PeriodCode}&provinsi={code}#h-malls";

    public string? AriaSort(string key) => Sort == key ? (Descending ? "descending" : "ascending") : null;
}
