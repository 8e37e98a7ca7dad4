using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The national funnel of one period from the stored index results, the same for the ministry's page
/// and the national workbook: every MPP's official converted index against its respondent scores,
/// around the national index with the nation's respondent-level spread, widened for the spread
/// between MPPs (docs/method.md, Over-dispersion; <see cref="OverdispersedFunnel"/>).
/// </summary>
public static class NationalFunnel
{
    /// <summary>The funnel, or null when the nation has too few respondent scores for a spread.</summary>
    public static OverdispersedFunnel? Estimate(IndexResult national, IEnumerable<IndexResult> malls)
    {
        ArgumentNullException.ThrowIfNull(national);
        var nation = new RespondentScoreSummary(national.ScoreN, national.ScoreSum, national.ScoreSumOfSquares);
        if (nation.N <= 1)
        {
            return null;
        }
        var units = malls.Where(r => r.ScoreN > 0).Select(r => (r.ScoreN, (double)r.Converted)).ToList();
        return OverdispersedFunnel.Estimate(units, (double)national.Converted, nation.StandardDeviation);
    }

    /// <summary>Where one MPP falls, or null when it is not placed (no respondent scores).</summary>
    public static FunnelPosition? Position(OverdispersedFunnel? funnel, IndexResult mall) =>
        funnel is not null && mall.ScoreN > 0 ? funnel.Limits(mall.ScoreN).Position((double)mall.Converted) : null;
}
