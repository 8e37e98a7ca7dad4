using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;

namespace MppSurvey.Core.Themes;

/// <summary>
/// Which suggestion themes of one MPP grew (the citizens' voice): the suggestions per theme in one
/// stretch of days against the stretch of the same length just before it, counted on the MPP's own
/// wall clock (submitted_at_local). Every template's suggestions count, except those the index leaves
/// out (bursts, straight-lining: <see cref="ResponseAggregation.ExcludedByDefault"/>). The weekly
/// digest asks for a week against the week before; a page can ask for any stretch. The counts are
/// <see cref="ThemeCounts"/>'s, the same query the dashboard's per-period counts come from.
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
        var excluded = ResponseAggregation.ExcludedByDefault;
        var before = await ThemeCounts.InDaysAsync(db, mallId, from.AddDays(-days), from, excluded, ct);
        var now = await ThemeCounts.InDaysAsync(db, mallId, from, from.AddDays(days), excluded, ct);
        return SuggestionThemes.All.Select(t => new Change(t, before[t], now[t])).ToList();
    }

    /// <summary>The themes that grew in the week from <paramref name="weekStart"/> against the week before, most suggestions first.</summary>
    public static async Task<IReadOnlyList<Change>> GrownInWeekAsync(MppSurveyDbContext db, int mallId, DateOnly weekStart, CancellationToken ct) =>
        (await CountAsync(db, mallId, weekStart, 7, ct))
            .Where(c => c.Grew)
            .OrderByDescending(c => c.Now).ThenByDescending(c => c.Now - c.Before)
            .ToList();
}
