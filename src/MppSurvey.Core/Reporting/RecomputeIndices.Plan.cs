using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>The choice of units of one run: whole periods, or only the changed MPPs of a period.</summary>
public sealed partial class RecomputeIndices
{
    /// <summary>
    /// What one run recomputes: every unit of the <see cref="FullPeriods"/>, and of each <see cref="Partial"/>
    /// period its MPPs listed (agency, service, MPP and MPP delivery units) plus its units above the MPP,
    /// rolled up from the stored sums of its other MPPs and the fresh ones.
    /// </summary>
    public sealed record Plan(IReadOnlyList<string> FullPeriods, IReadOnlyDictionary<string, IReadOnlySet<int>> Partial)
    {
        public static Plan Full(IReadOnlyList<string> periods) => new(periods, new Dictionary<string, IReadOnlySet<int>>());

        public IEnumerable<string> Periods => FullPeriods.Concat(Partial.Keys);

        /// <summary>Whether the run replaces this MPP's units of the period (no MPP: the units above the MPP).</summary>
        public bool Recomputes(string period, int? mallId) =>
            FullPeriods.Contains(period) || (Partial.TryGetValue(period, out var malls) && (mallId is null || malls.Contains(mallId.Value)));
    }

    /// <summary>
    /// The plan of the marked (period, MPP) pairs. The change test of the period after a marked one compares
    /// with the marked figures, so the same MPPs are recomputed there too when that period has results (their
    /// own figures do not move, so it stops there). A period is recomputed whole when its stored sums cannot
    /// stand in for its other MPPs: none yet (the first run after they were introduced), an MPP with results
    /// but no sums, or sums or results of the other flagged variant.
    /// </summary>
    private async Task<Plan> PlanAsync(List<ChangeMark> marks, bool includeFlagged, CancellationToken ct)
    {
        var marked = marks.GroupBy(m => m.PeriodCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.MallId).ToHashSet(), StringComparer.Ordinal);
        var malls = marked.ToDictionary(p => p.Key, p => p.Value.ToHashSet(), StringComparer.Ordinal);
        var next = marked.Keys.Select(code => (Period: code, Next: Next(code))).ToList();
        var nextCodes = next.Select(p => p.Next).Distinct().ToList();
        var computed = await db.IndexResults.Where(r => nextCodes.Contains(r.PeriodCode)).Select(r => r.PeriodCode).Distinct().ToListAsync(ct);
        // Only the marked MPPs reach the next period: a follow-up's own figures do not move, so it stops there.
        foreach (var (period, following) in next.Where(p => computed.Contains(p.Next) || marked.ContainsKey(p.Next)))
        {
            if (!malls.TryGetValue(following, out var set))
            {
                malls[following] = set = [];
            }
            set.UnionWith(marked[period]);
        }

        var codes = malls.Keys.ToArray();
        var results = await StatusAsync("""
            SELECT period_code, coalesce(mall_id, 0), bool_and(includes_flagged = $2) FROM index_results
            WHERE period_code = ANY($1) AND (mall_id IS NULL OR unit_kind = 3) GROUP BY 1, 2
            """, codes, includeFlagged, ct);
        var sums = await StatusAsync("""
            SELECT period_code, mall_id, bool_and(includes_flagged = $2) FROM index_unit_sums
            WHERE period_code = ANY($1) AND kind = 3 GROUP BY 1, 2
            """, codes, includeFlagged, ct);
        var full = new List<string>();
        var partial = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        foreach (var (period, set) in malls)
        {
            var stored = results.Where(r => r.Period == period).ToList();
            var standsIn = stored.Count > 0 && stored.All(r => r.SameVariant)
                && sums.Where(s => s.Period == period).All(s => s.SameVariant)
                && stored.Where(r => r.MallId != 0 && !set.Contains(r.MallId)).All(r => sums.Contains((period, r.MallId, true)));
            if (standsIn)
            {
                partial[period] = set;
            }
            else
            {
                full.Add(period);
            }
        }
        return new Plan(full, partial);
    }

    private static string Next(string code)
    {
        var period = Period.Parse(code);
        return Period.Containing(period.EndsOn.AddDays(1), period.Kind).Code;
    }

    private async Task<HashSet<(string Period, int MallId, bool SameVariant)>> StatusAsync(string sql, string[] periods, bool includeFlagged, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        command.Parameters.Add(new NpgsqlParameter { Value = periods });
        command.Parameters.Add(new NpgsqlParameter { Value = includeFlagged });
        var status = new HashSet<(string, int, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            status.Add((reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2)));
        }
        return status;
    }

    /// <summary>
    /// The aggregation rows and respondent profiles of the MPPs the plan recomputes, in the caller's snapshot:
    /// every MPP of the full periods, the listed MPPs of the others. Rows above the MPP are left out: they
    /// are rolled up from the MPP rows.
    /// </summary>
    private async Task<(List<ResponseAggregation.Row> Rows, Dictionary<(string Period, int MallId, int VersionId), RespondentProfileCounts.Snapshot> Profiles)>
        ReadMallRowsAsync(Plan plan, bool includeFlagged, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var excluded = (int)ResponseAggregation.Excluded(includeFlagged);
        var width = await ResponseAggregation.WidthAsync(db, ct);
        var places = await ResponseAggregation.PlacesAsync(connection, transaction, ct);
        // Full periods read every MPP; one read for every partial period, over the union of their MPPs, of which
        // an MPP is kept only in the periods it is listed for.
        var partial = plan.Partial.Where(p => p.Value.Count > 0).Select(p => p.Key).ToList();
        var mallIds = plan.Partial.Values.SelectMany(m => m).Distinct().ToArray();
        var reads = new List<(IReadOnlyList<string> Periods, int[]? Malls)>();
        if (plan.FullPeriods.Count > 0)
        {
            reads.Add((plan.FullPeriods, null));
        }
        if (partial.Count > 0)
        {
            reads.Add((partial, mallIds));
        }
        bool Wanted(string period, int mallId) => plan.FullPeriods.Contains(period) || (plan.Partial.TryGetValue(period, out var m) && m.Contains(mallId));
        // Each reader takes slices of the MPPs, in the snapshot of this transaction.
        double estimate;
        await using (var size = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = 'responses'::regclass", connection, transaction))
        {
            estimate = Convert.ToDouble(await size.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var slices = SnapshotReaders.SlicesFor(estimate, Readers, places.Count);
        // A context built on a connection object rather than a connection string cannot open more: it reads alone.
        var connectionString = db.Database.GetConnectionString();
        var parts = await SnapshotReaders.RunAsync(connection, transaction, connectionString ?? "", connectionString is null ? 1 : Readers, slices, async (c, t, slice, token) =>
        {
            var finest = new List<ResponseAggregation.Row>();
            var profiles = new Dictionary<(string, int, int), RespondentProfileCounts.Snapshot>();
            foreach (var (periods, malls) in reads)
            {
                finest.AddRange(await ResponseAggregation.ReadFinestAsync(c, t, width, places, periods, includeFlagged, malls, slice, token));
                foreach (var (key, value) in await RespondentProfileCounts.ReadAsync(c, t, periods, excluded, slice.Of(malls, places.Keys), token))
                {
                    profiles[key] = value;
                }
            }
            return (finest, profiles);
        }, ct);
        var rows = ResponseAggregation.MallLevel(parts.SelectMany(p => p.finest).Where(r => Wanted(r.PeriodCode, r.MallId!.Value)).ToList());
        var all = new Dictionary<(string, int, int), RespondentProfileCounts.Snapshot>();
        foreach (var (key, value) in parts.SelectMany(p => p.profiles).Where(p => Wanted(p.Key.Item1, p.Key.Item2)))
        {
            all[key] = value;
        }
        return (rows, all);
    }

    /// <summary>
    /// Stored results of the periods just before the ones being computed, for the change test: of a fully
    /// recomputed period's predecessor every unit, of a partly recomputed one's the units of its MPPs and
    /// above. A predecessor computed in the same run replaces these with its fresh figures as it goes.
    /// </summary>
    private async Task<Dictionary<(string, string, UnitKind, string), IndexResult>> PreviousResultsAsync(List<Period> periods, Plan plan, CancellationToken ct)
    {
        // A predecessor this run recomputes whole is scored first (oldest first) and replaces every stored
        // figure of it: its stored results would only be read to be thrown away.
        var everything = periods.Where(p => plan.FullPeriods.Contains(p.Code)).Select(p => p.Previous().Code)
            .Where(code => !plan.FullPeriods.Contains(code)).ToList();
        var some = periods.Where(p => plan.Partial.ContainsKey(p.Code)).Select(p => p.Previous().Code).Except(everything).Except(plan.FullPeriods).ToList();
        var mallIds = plan.Partial.Values.SelectMany(m => m).Distinct().ToList();
        var stored = await db.IndexResults.AsNoTracking()
            .Where(r => everything.Contains(r.PeriodCode) || (some.Contains(r.PeriodCode) && (r.MallId == null || mallIds.Contains(r.MallId.Value))))
            .ToListAsync(ct);
        return stored.ToDictionary(r => (r.PeriodCode, r.TemplateCode, r.UnitKind, r.UnitKey));
    }
}
