using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The SPKP and SPAK results (docs/method.md, Other templates (SPKP, SPAK)) as every surface shows
/// them: the index on the template's own scale first ("4,87 dari 6"), the 0-100 rescale second, the
/// 95% interval converted back to the scale, the change against the previous period, the trend, and
/// the indicator means weakest first. Read from the index job's stored results, never recomputed.
/// </summary>
public static class OtherIndices
{
    /// <summary>The templates reported beside SKM, in display order.</summary>
    public static readonly IReadOnlyList<string> Codes = ["spkp", "spak"];

    /// <param name="Index">The index on the scale, rounded to two decimals (half away from zero).</param>
    /// <param name="Rescaled">100 x (index - min) / (max - min), rounded to two decimals.</param>
    /// <param name="CiLow">Lower 95% bound on the scale (null below two respondents).</param>
    /// <param name="Change">Index minus the previous period's, on the scale; null without a previous period.</param>
    public sealed record Figure(string PeriodCode, int Respondents, decimal Index, decimal Rescaled,
        double? CiLow, double? CiHigh, double? CiLow100, double? CiHigh100, decimal? Change, string? ChangeVerdict);

    /// <param name="Mean">Sum / respondents who answered it, on the scale, rounded to two decimals; null when nobody did.</param>
    public sealed record Indicator(string Code, string Title, int Answered, decimal? Mean);

    public sealed record Template(string Code, string Name, int ScaleMin, int ScaleMax, Figure Current, IReadOnlyList<Figure> Trend, IReadOnlyList<Indicator> Indicators);

    /// <summary>Rounds an index or mean on the scale for display, half away from zero like the SKM figures.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>A 0-100 value back on the scale: min + v x (max - min) / 100.</summary>
    public static double ToScale(double rescaled, int min, int max) => min + rescaled * (max - min) / 100.0;

    /// <summary>
    /// One template's figures for <paramref name="current"/>: <paramref name="history"/> holds the
    /// unit's stored results of any periods (the trend keeps the same period kind up to the current
    /// one; the previous period, for the change, is taken from it only when <paramref name="mayCompare"/> allows).
    /// </summary>
    public static Template Build(IndexResult current, IEnumerable<IndexResult> history, int min, int max, TemplateFile? file, CultureInfo ui,
        Func<string, bool>? mayCompare = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(history);
        var period = Period.Parse(current.PeriodCode);
        var all = history.Where(r => r.TemplateCode == current.TemplateCode && r.UnitKind == current.UnitKind && r.UnitKey == current.UnitKey)
            .Where(r => Period.TryParse(r.PeriodCode, out var p) && p.Kind == period.Kind && p.StartsOn <= period.StartsOn)
            .OrderBy(r => Period.Parse(r.PeriodCode).StartsOn)
            .ToList();
        if (!all.Any(r => r.PeriodCode == current.PeriodCode))
        {
            all.Add(current);
        }
        var byCode = all.ToDictionary(r => r.PeriodCode, StringComparer.Ordinal);
        var trend = all.Select(r =>
        {
            var before = byCode.GetValueOrDefault(Period.Parse(r.PeriodCode).Previous().Code);
            if (before is not null && mayCompare is not null && !mayCompare(before.PeriodCode))
            {
                before = null;
            }
            return Of(r, before, min, max);
        }).ToList();
        var titles = file?.Elements.ToDictionary(q => q.Code, q => ui.TwoLetterISOLanguageName == "en" ? q.Title.En : q.Title.Id, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var indicators = current.ElementCodes
            .Select((code, i) => new Indicator(code, titles.GetValueOrDefault(code, code), current.ElementAnswered[i],
                current.ElementAnswered[i] == 0 ? null : Round((decimal)current.ElementSums[i] / current.ElementAnswered[i])))
            // Weakest first (where to act), unanswered last, ties in code order.
            .OrderBy(x => x.Mean is null).ThenBy(x => x.Mean).ThenBy(x => x.Code, StringComparer.Ordinal)
            .ToList();
        var name = file is null ? current.TemplateCode.ToUpperInvariant() : ui.TwoLetterISOLanguageName == "en" ? file.Name.En : file.Name.Id;
        return new Template(current.TemplateCode, name, min, max, trend.Single(f => f.PeriodCode == current.PeriodCode), trend, indicators);
    }

    /// <summary>One stored result as shown; the change and its verdict only when <paramref name="before"/> is given.</summary>
    public static Figure Of(IndexResult result, IndexResult? before, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new Figure(result.PeriodCode, result.Respondents, Round(result.Ikm), result.Converted,
            result.CiLow is double l ? ToScale(l, min, max) : null,
            result.CiHigh is double h ? ToScale(h, min, max) : null,
            result.CiLow, result.CiHigh,
            before is null ? null : Round(result.Ikm) - Round(before.Ikm),
            before is null ? null : result.ChangeVerdict);
    }

    /// <summary>The scale and indicator titles of a template (its newest published version).</summary>
    public sealed record TemplateInfo(string Code, int ScaleMin, int ScaleMax, TemplateFile? File);

    public static async Task<Dictionary<string, TemplateInfo>> TemplatesAsync(MppSurveyDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var codes = Codes.ToArray();
        var versions = await db.SurveyTemplateVersions.AsNoTracking()
            .Where(v => codes.Contains(v.Template!.Code) && v.PublishedAt != null)
            .Select(v => new { v.Template!.Code, Version = v })
            .ToListAsync(ct);
        return versions.GroupBy(v => v.Code)
            .Select(g => g.OrderByDescending(v => v.Version.Version).First())
            .ToDictionary(v => v.Code, v => new TemplateInfo(v.Code, v.Version.ScaleMin, v.Version.ScaleMax, Parse(v.Version, v.Code)), StringComparer.Ordinal);

        static TemplateFile? Parse(SurveyTemplateVersion version, string code)
        {
            try
            {
                return TemplateFile.Of(version, code);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
            {
                // A version that no longer parses still has its figures; only the titles fall back to codes.
                return null;
            }
        }
    }

    /// <summary>
    /// The SPKP and SPAK figures of one MPP for one period (templates without a result that period
    /// are left out, so an MPP running SKM only gets an empty list). With <paramref name="publishedOnly"/>,
    /// only periods whose survey of that template is closed and published count, for the period itself,
    /// the trend and the change alike. A null <paramref name="periodCode"/> takes each template's latest
    /// period (the public page: the newest published result of each).
    /// </summary>
    public static async Task<IReadOnlyList<Template>> ForMallAsync(MppSurveyDbContext db, int mallId, string? periodCode, bool publishedOnly,
        CultureInfo ui, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var codes = Codes.ToArray();
        var results = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mallId && codes.Contains(r.TemplateCode))
            .ToListAsync(ct);
        if (results.Count == 0)
        {
            return [];
        }
        HashSet<(string, string)>? published = null;
        if (publishedOnly)
        {
            published = (await db.Surveys.AsNoTracking()
                    .Where(s => s.MallId == mallId && s.PublishedAt != null && s.ClosedAt != null && codes.Contains(s.TemplateVersion!.Template!.Code))
                    .Select(s => new { Code = s.TemplateVersion!.Template!.Code, s.PeriodCode })
                    .ToListAsync(ct))
                .Select(s => (s.Code, s.PeriodCode)).ToHashSet();
            results = results.Where(r => published.Contains((r.TemplateCode, r.PeriodCode))).ToList();
        }
        var templates = await TemplatesAsync(db, ct);
        var list = new List<Template>();
        foreach (var code in Codes)
        {
            var current = periodCode is not null
                ? results.FirstOrDefault(r => r.TemplateCode == code && r.PeriodCode == periodCode)
                : results.Where(r => r.TemplateCode == code && Period.TryParse(r.PeriodCode, out _))
                    .OrderByDescending(r => Period.Parse(r.PeriodCode).StartsOn).ThenBy(r => Period.Parse(r.PeriodCode).Kind).FirstOrDefault();
            if (current is null || !templates.TryGetValue(code, out var info))
            {
                continue;
            }
            list.Add(Build(current, results, info.ScaleMin, info.ScaleMax, info.File, ui,
                published is null ? null : p => published.Contains((code, p))));
        }
        return list;
    }

    /// <summary>"4,87" in the given culture: the index or a mean on the scale.</summary>
    public static string Format(decimal value, CultureInfo culture) => value.ToString("0.00", culture);

    /// <summary>"4,62 – 5,08" on the scale, or "–" without an interval.</summary>
    public static string FormatInterval(double? low, double? high, CultureInfo culture) =>
        low is double l && high is double h ? $"{l.ToString("0.00", culture)} – {h.ToString("0.00", culture)}" : "–";
}
