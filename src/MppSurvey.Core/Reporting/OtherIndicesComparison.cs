using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The ministry's comparison of SPKP and SPAK across MPPs for one period (docs/method.md, Other
/// templates (SPKP, SPAK)): per MPP, each template's figure on its scale with its interval, or none
/// when the MPP did not run it. Read from the stored MPP results of the index job.
/// </summary>
public static class OtherIndicesComparison
{
    /// <param name="Figures">By template code; a template the MPP did not run that period is absent.</param>
    public sealed record Row(int MallId, IReadOnlyDictionary<string, OtherIndices.Figure> Figures);

    /// <param name="Scales">By template code: (min, max) of the template's scale.</param>
    public sealed record Table(IReadOnlyList<string> Templates, IReadOnlyDictionary<string, (int Min, int Max)> Scales, IReadOnlyDictionary<int, Row> ByMall);

    public static async Task<Table> ForPeriodAsync(MppSurveyDbContext db, string periodCode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var codes = OtherIndices.Codes.ToArray();
        var previousCode = Surveys.Period.TryParse(periodCode, out var period) ? period.Previous().Code : "";
        var stored = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && (r.PeriodCode == periodCode || r.PeriodCode == previousCode) && codes.Contains(r.TemplateCode) && r.MallId != null)
            .ToListAsync(ct);
        var results = stored.Where(r => r.PeriodCode == periodCode).ToList();
        var before = stored.Where(r => r.PeriodCode == previousCode).GroupBy(r => (r.MallId, r.TemplateCode)).ToDictionary(g => g.Key, g => g.First());
        var templates = await OtherIndices.TemplatesAsync(db, ct);
        var shown = OtherIndices.Codes.Where(c => templates.ContainsKey(c) && results.Any(r => r.TemplateCode == c)).ToList();
        var scales = shown.ToDictionary(c => c, c => (Min: templates[c].ScaleMin, Max: templates[c].ScaleMax), StringComparer.Ordinal);
        var byMall = results.Where(r => scales.ContainsKey(r.TemplateCode))
            .GroupBy(r => r.MallId!.Value)
            .ToDictionary(g => g.Key, g => new Row(g.Key, g
                .GroupBy(r => r.TemplateCode)
                .ToDictionary(t => t.Key, t => OtherIndices.Of(t.First(), before.GetValueOrDefault((g.Key, t.Key)), scales[t.Key].Min, scales[t.Key].Max),
                    StringComparer.Ordinal)));
        return new Table(shown, scales, byMall);
    }
}
