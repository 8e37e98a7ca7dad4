using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using Npgsql;
using NpgsqlTypes;

namespace MppSurvey.Core.Themes;

/// <summary>
/// The one count of suggestions per theme (the citizens' voice), for one MPP and either a period or a
/// stretch of days on the MPP's own wall clock (submitted_at_local). The dashboard, the workbook and the
/// semester report count by period (<see cref="ThemeSummary"/>), the weekly digest by days
/// (<see cref="ThemeGrowth"/>); both go through this query, so a suggestion counts the same way in each.
/// <para>
/// A suggestion counts when it is not blank and its response carries none of the <c>excluded</c> flags.
/// The callers keep their rules: <see cref="ThemeSummary"/> passes
/// <see cref="Reporting.ResponseAggregation.Excluded"/> of the stored index (what the index counted, so
/// Late is always left out); <see cref="ThemeGrowth"/> passes
/// <see cref="Reporting.ResponseAggregation.ExcludedByDefault"/> (bursts and straight-lining: a late
/// arrival is still news for the week's digest). Every template counts.
/// </para>
/// </summary>
public static class ThemeCounts
{
    /// <summary>Non-blank suggestions, and per theme those that touch it (every theme of <see cref="SuggestionThemes.All"/>; a suggestion may touch several, or none).</summary>
    public sealed record Counts(int Suggestions, IReadOnlyDictionary<SuggestionTheme, int> PerTheme)
    {
        public int this[SuggestionTheme theme] => PerTheme.GetValueOrDefault(theme);
    }

    /// <summary>The suggestions of the MPP's surveys of one period.</summary>
    public static Task<Counts> InPeriodAsync(MppSurveyDbContext db, int mallId, string periodCode, ResponseFlags excluded, CancellationToken ct) =>
        CountAsync(db, mallId, [periodCode], null, null, excluded, ct);

    /// <summary>The suggestions submitted on the days from <paramref name="from"/> up to, not including, <paramref name="until"/>, whatever period their survey is of.</summary>
    public static Task<Counts> InDaysAsync(MppSurveyDbContext db, int mallId, DateOnly from, DateOnly until, ResponseFlags excluded, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(until, from);
        // The periods that can hold those days, so the (mall_id, period_code, submitted_at_local) index of suggestions serves the query.
        var periods = Enumerable.Range(0, until.DayNumber - from.DayNumber).Select(d => from.AddDays(d))
            .SelectMany(d => new[] { PeriodKind.Semester, PeriodKind.Quarter, PeriodKind.Year }.Select(k => Period.Containing(d, k).Code))
            .Distinct().ToArray();
        return CountAsync(db, mallId, periods, from, until, excluded, ct);
    }

    private static async Task<Counts> CountAsync(MppSurveyDbContext db, int mallId, string[] periods, DateOnly? from, DateOnly? until,
        ResponseFlags excluded, CancellationToken ct)
    {
        // submitted_at_local is a wall-clock timestamp (without zone): the bounds must be one too. Each use
        // of a bound is its own parameter object (a parameter belongs to one command slot).
        static NpgsqlParameter Local(DateOnly? day) => new()
        {
            Value = day is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Timestamp,
        };
        // Bit 0 stands for "any suggestion": the total comes out of the same scan as the per-theme counts.
        var bits = new[] { 0 }.Concat(SuggestionThemes.All.Select(t => (int)t)).ToArray();
        var rows = await db.Database.SqlQuery<Row>($"""
            WITH said AS (
                SELECT r.themes FROM responses r
                WHERE r.mall_id = {mallId} AND r.period_code = ANY({periods})
                  AND ({Local(from)} IS NULL OR r.submitted_at_local >= {Local(from)})
                  AND ({Local(until)} IS NULL OR r.submitted_at_local < {Local(until)})
                  AND (r.flags & {(int)excluded}) = 0 AND r.suggestion IS NOT NULL AND btrim(r.suggestion) <> '')
            SELECT b.bit AS "Bit", count(s.themes)::int AS "Count"
            FROM unnest({bits}) AS b(bit)
            LEFT JOIN said s ON b.bit = 0 OR (s.themes & b.bit) <> 0
            GROUP BY b.bit
            """).ToListAsync(ct);
        var byBit = rows.ToDictionary(r => r.Bit, r => r.Count);
        return new Counts(byBit.GetValueOrDefault(0), SuggestionThemes.All.ToDictionary(t => t, t => byBit.GetValueOrDefault((int)t)));
    }

    private sealed record Row(int Bit, int Count);
}
