using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;
using Npgsql;
using NpgsqlTypes;

namespace MppSurvey.Core.Themes;

/// <summary>
/// Which suggestion themes of one MPP grew (the citizens' voice): the suggestions per theme in one
/// stretch of days against the stretch of the same length just before it, counted on the MPP's own
/// wall clock (submitted_at_local). Every template's suggestions count, except those the index leaves
/// out (bursts, straight-lining: <see cref="ResponseAggregation.ExcludedByDefault"/>). The weekly
/// digest asks for a week against the week before; a page can ask for any stretch.
/// </summary>
public static class ThemeGrowth
{
    /// <summary>A theme is reported as grown only with at least this many suggestions in the later stretch: 1 -> 2 is noise.</summary>
    public const int MinimumCount = 3;

    /// <summary>One theme's suggestions in the earlier and the later stretch.</summary>
    public sealed record Change(SuggestionTheme Theme, int Before, int Now)
    {
        public bool Grew => Now >= MinimumCount && Now > Before;
    }

    /// <summary>
    /// Counts per theme (every theme of <see cref="SuggestionThemes.All"/>, in that order, zeros included)
    /// for the <paramref name="days"/> days from <paramref name="from"/> and the same number of days before.
    /// </summary>
    public static async Task<IReadOnlyList<Change>> CountAsync(MppSurveyDbContext db, int mallId, DateOnly from, int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        // submitted_at_local is a wall-clock timestamp (without zone): the parameters must be one too.
        static NpgsqlParameter Local(DateOnly day) => new() { Value = day.ToDateTime(TimeOnly.MinValue), NpgsqlDbType = NpgsqlDbType.Timestamp };
        var earlierStart = Local(from.AddDays(-days));
        var laterStart = Local(from);
        var laterStart2 = Local(from);
        var end = Local(from.AddDays(days));
        // The periods that can hold those days, so the (mall_id, period_code, submitted_at_local) index of suggestions serves the query.
        var periods = Enumerable.Range(0, 2 * days).Select(d => from.AddDays(d - days))
            .SelectMany(d => new[] { PeriodKind.Semester, PeriodKind.Quarter, PeriodKind.Year }.Select(k => Period.Containing(d, k).Code))
            .Distinct().ToArray();
        var excluded = (int)ResponseAggregation.ExcludedByDefault;
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT b.bit AS "Bit",
                   count(*) FILTER (WHERE r.submitted_at_local < {laterStart})::int AS "Before",
                   count(*) FILTER (WHERE r.submitted_at_local >= {laterStart2})::int AS "Now"
            FROM responses r
            CROSS JOIN generate_series(0, 15) AS b(bit)
            WHERE r.mall_id = {mallId} AND r.period_code = ANY({periods}) AND r.suggestion IS NOT NULL
              AND r.submitted_at_local >= {earlierStart} AND r.submitted_at_local < {end}
              AND (r.flags & {excluded}) = 0 AND (r.themes & (1 << b.bit)) <> 0
            GROUP BY b.bit
            """).ToListAsync(ct);
        var counts = rows.ToDictionary(r => (SuggestionTheme)(1 << r.Bit));
        return SuggestionThemes.All
            .Select(t => counts.TryGetValue(t, out var r) ? new Change(t, r.Before, r.Now) : new Change(t, 0, 0))
            .ToList();
    }

    /// <summary>The themes that grew in the week from <paramref name="weekStart"/> against the week before, most suggestions first.</summary>
    public static async Task<IReadOnlyList<Change>> GrownInWeekAsync(MppSurveyDbContext db, int mallId, DateOnly weekStart, CancellationToken ct) =>
        (await CountAsync(db, mallId, weekStart, 7, ct))
            .Where(c => c.Grew)
            .OrderByDescending(c => c.Now).ThenByDescending(c => c.Now - c.Before)
            .ToList();

    private sealed record Row(int Bit, int Before, int Now);
}
