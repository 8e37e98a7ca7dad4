using System.Globalization;
using Microsoft.EntityFrameworkCore;
using System.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The index job: for every national, province, MPP, agency and service unit of the given periods
/// (and per MPP and nationally by service model and by channel, <see cref="DeliveryUnits"/>),
/// aggregates the responses in SQL, scores the sums with the scoring engine (so the job and the
/// `score` tool can never disagree), and replaces the stored results of those periods in one
/// transaction. Everything is read in one REPEATABLE READ snapshot (index, profile, populations), so
/// every figure of one run counts the same responses. One MPP that cannot be computed (bad data, a
/// fault) is reported as a <see cref="Failure"/> and keeps its previous results and its change mark;
/// every other unit is still written. A rerun writes the same figures.
/// </summary>
public sealed partial class RecomputeIndices(MppSurveyDbContext db)
{
    public const string JobKind = "RecomputeIndices";

    /// <summary>Progress: units written so far and in all. Thrown exceptions abort the run (and roll it back).</summary>
    public delegate void ProgressReport(long done, long total);

    /// <summary>An MPP of a period (or, with no MPP, a national or province unit) that could not be computed.</summary>
    public sealed record Failure(string PeriodCode, int? MallId, string? RegencyCode, Exception Error);

    /// <summary>Units written, the MPPs they cover (for the run's log line), the MPPs that failed, and where the time went.</summary>
    public sealed record Outcome(int Written, IReadOnlyList<Failure> Failures, int Mpps = 0, IReadOnlyList<string>? Periods = null, Phases? Took = null);

    /// <summary>
    /// Where a run's time went, for the IT office's log line and the benchmark: reading (aggregation,
    /// profiles, stored sums, previous results, in the snapshot), scoring, and writing.
    /// </summary>
    public sealed record Phases(TimeSpan Read, TimeSpan Score, TimeSpan Write);

    /// <summary>The computed results of the plan, the units that failed, the snapshot's time, and the MPP-level sums to store.</summary>
    public sealed record Computation(List<IndexResult> Results, List<Failure> Failures, DateTimeOffset SnapshotAt, List<IndexUnitSum> Sums)
    {
        /// <summary>Time spent reading in the snapshot and scoring (the rest of <see cref="ComputeAsync"/>).</summary>
        public (TimeSpan Read, TimeSpan Score) Took { get; init; }
    }

    /// <summary>Connections that read the responses side by side, each a slice of the MPPs in one snapshot (<see cref="SnapshotReaders"/>).</summary>
    public int Readers { get; init; } = SnapshotReaders.DefaultCount;

    /// <summary>Fault injection for tests: called before each MPP unit is scored; an exception fails that MPP.</summary>
    internal Action<string, int>? BeforeMallScored { get; init; }

    /// <summary>
    /// Every period with a (period, MPP) whose responses changed since its last computation: written,
    /// imported, re-flagged or deleted, in an open or a closed period. A trigger on responses (and
    /// surveys) keeps these marks, so no writer has to remember to.
    /// </summary>
    public async Task<IReadOnlyList<string>> PendingPeriodsAsync(CancellationToken ct = default) =>
        await db.Database.SqlQueryRaw<string>("SELECT DISTINCT period_code AS \"Value\" FROM index_dirty ORDER BY 1").ToListAsync(ct);

    /// <summary>A full recomputation of the given periods (an administrator's recompute, a period's import): every unit of every MPP.</summary>
    public Task<Outcome> RunAsync(IReadOnlyList<string> periodCodes, bool includeFlagged = false, ProgressReport? progress = null, CancellationToken ct = default)
    {
        var periods = periodCodes.Distinct(StringComparer.Ordinal).ToArray();
        return RunPlanAsync(periods, _ => Task.FromResult(Plan.Full(periods)), includeFlagged, progress, ct);
    }

    /// <summary>
    /// The nightly run: only the (period, MPP) pairs with a change mark (and the same MPPs in the period
    /// after, whose change test compares with them) are recomputed; each touched period's province and
    /// national units are rolled up from the stored sums of its other MPPs plus the fresh ones. A period
    /// whose sums are missing or of the other flagged variant (the first run after they were introduced,
    /// a run with flagged responses) is recomputed whole.
    /// </summary>
    public Task<Outcome> RunPendingAsync(bool includeFlagged = false, ProgressReport? progress = null, CancellationToken ct = default) =>
        RunPlanAsync(null, marks => PlanAsync(marks, includeFlagged, ct), includeFlagged, progress, ct);

    private async Task<Outcome> RunPlanAsync(string[]? periods, Func<List<ChangeMark>, Task<Plan>> planFor, bool includeFlagged,
        ProgressReport? progress, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // The marks are read before the snapshot: a change committed after this read moves its mark's
            // version, so the write below leaves it for the next run even if this snapshot saw the change.
            var marks = await MarksAsync(connection, periods, ct);
            Plan plan;
            Computation computed;
            await using (var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct))
            {
                await db.Database.UseTransactionAsync(snapshot, ct);
                // Planned inside the snapshot: the stored sums it relies on are the ones the roll-up reads.
                plan = await planFor(marks);
                computed = await ComputeAsync(plan, includeFlagged, ct);
                await snapshot.CommitAsync(ct);
                await db.Database.UseTransactionAsync(null, ct);
            }
            var failed = computed.Failures.Select(f => (f.PeriodCode, f.MallId)).ToHashSet();
            // A national or province failure keeps every mark of its period: the period is computed again.
            var done = marks.Where(m => plan.Recomputes(m.PeriodCode, m.MallId)
                && !failed.Contains((m.PeriodCode, m.MallId)) && !failed.Contains((m.PeriodCode, null))).ToList();
            var writing = System.Diagnostics.Stopwatch.StartNew();
            await IndexResultWriter.WriteAsync(connection, plan, computed, done, progress, ct);
            var mpps = computed.Results.Where(r => r.UnitKind == UnitKind.Mall).Select(r => r.MallId).Distinct().Count();
            return new Outcome(computed.Results.Count, computed.Failures, mpps, plan.Periods.ToList(), new Phases(computed.Took.Read, computed.Took.Score, writing.Elapsed));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<ChangeMark>> MarksAsync(NpgsqlConnection connection, string[]? periods, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT period_code, mall_id, version FROM index_dirty WHERE $1::text[] IS NULL OR period_code = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = periods is null ? DBNull.Value : periods, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var marks = new List<ChangeMark>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            marks.Add(new ChangeMark(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }
        return marks;
    }

    /// <summary>
    /// Computes (without storing) the units of the plan, inside the caller's REPEATABLE READ transaction
    /// (its snapshot is shared with the other readers). Every unit above the MPP is the sum of the MPP rows (<see cref="AggregateRollUp.AboveMall"/>),
    /// added in one fixed order so a full and an incremental run add the same numbers the same way.
    /// Periods are taken oldest first so each period's change test can use the one before it.
    /// </summary>
    public async Task<Computation> ComputeAsync(Plan plan, bool includeFlagged, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The index is computed in the caller's REPEATABLE READ transaction, and there is none.");
        }
        var snapshotAt = await db.Database.SqlQueryRaw<DateTimeOffset>("SELECT now() AS \"Value\"").SingleAsync(ct);
        var periods = plan.Periods.Select(Period.Parse).OrderBy(p => p.StartsOn).ThenBy(p => p.Kind).ToList();
        if (periods.Count == 0)
        {
            return new Computation([], [], snapshotAt, []);
        }
        var reading = System.Diagnostics.Stopwatch.StartNew();
        var versions = await db.SurveyTemplateVersions.AsNoTracking().Include(v => v.Template).ToDictionaryAsync(v => v.Id, ct);
        var (aggregates, profiles) = await ReadMallRowsAsync(plan, includeFlagged, ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        var partial = plan.Partial.Keys.ToList();
        var stored = partial.Count == 0 ? [] : await IndexUnitSum.ReadAsync(connection, transaction, partial, includeFlagged, ct);
        var mallRows = aggregates.Where(a => IndexUnitSum.IsStored(a.Kind)).Select(a => IndexUnitSum.Cut(a, versions[a.TemplateVersionId].ElementCodes.Length))
            .Concat(stored.Where(s => !plan.Recomputes(s.PeriodCode, s.MallId)))
            .OrderBy(r => r.PeriodCode, StringComparer.Ordinal).ThenBy(r => r.MallId).ThenBy(r => r.TemplateVersionId).ThenBy(r => r.Kind)
            .ThenBy(r => r.ServiceModel).ThenBy(r => r.Channel);
        aggregates.AddRange(AggregateRollUp.AboveMall(mallRows));
        var periodCodes = plan.Periods.ToList();
        var surveyPopulations = await db.Surveys.AsNoTracking()
            .Where(s => periodCodes.Contains(s.PeriodCode) && s.Population != null)
            .Select(s => new { s.MallId, s.PeriodCode, Template = s.TemplateVersion!.Template!.Code, s.Population })
            .ToListAsync(ct);
        var populations = surveyPopulations.GroupBy(p => (p.MallId, p.PeriodCode, p.Template)).ToDictionary(g => g.Key, g => g.Max(p => p.Population));

        // Merge template versions of one template by element code: codes keep the index comparable across versions.
        // Above the MPP level the regency column is the least of the MPPs': it must not split a national or province
        // unit whose versions ran at different MPPs.
        var units = aggregates
            .Where(a => a.Kind switch
            {
                UnitKind.Agency => a.AgencyId is not null,
                UnitKind.Service => a.ServiceId is not null,
                _ => true,
            })
            .GroupBy(a => new UnitKey(a.PeriodCode, versions[a.TemplateVersionId].Template!.Code, a.Kind, a.ProvinceCode, a.MallId,
                a.Kind is UnitKind.National or UnitKind.Province || DeliveryUnits.IsNational(a.Kind) ? null : a.RegencyCode, a.AgencyId, a.ServiceId,
                a.ServiceModel, a.Channel))
            .ToList();

        var previous = await PreviousResultsAsync(periods, plan, ct);
        var read = reading.Elapsed;
        var scoring = System.Diagnostics.Stopwatch.StartNew();
        var results = new List<IndexResult>(units.Count);
        var sums = new List<IndexUnitSum>();
        var failures = new List<Failure>();
        foreach (var period in periods)
        {
            // The stored figures of units this run recomputes give way to the fresh ones (or to none, for a unit
            // whose responses are gone), as a full run that never read them.
            foreach (var key in previous.Where(p => p.Key.Item1 == period.Code && plan.Recomputes(period.Code, p.Value.MallId)).Select(p => p.Key).ToList())
            {
                previous.Remove(key);
            }
            // An MPP's units are scored together: if one of them cannot be, the MPP fails as a whole and
            // keeps its previous figures (and sums), rather than showing an MPP figure without its services.
            // Scoring is pure, so the MPPs of a period are scored on every core; the change test and the
            // results are then taken in MPP order, so a run's output does not depend on the threads.
            var malls = units.Where(u => u.Key.Period == period.Code).GroupBy(u => u.Key.MallId).ToList();
            var scoredMalls = new (List<IndexResult>? Scored, Exception? Error)[malls.Count];
            Parallel.For(0, malls.Count, new ParallelOptions { CancellationToken = ct }, m =>
            {
                try
                {
                    scoredMalls[m] = (ScoreMall(malls[m], period.Code, versions, populations, profiles, includeFlagged, snapshotAt), null);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    scoredMalls[m] = (null, e);
                }
            });
            for (var m = 0; m < malls.Count; m++)
            {
                var mall = malls[m];
                if (scoredMalls[m] is { Scored: null, Error: var error })
                {
                    failures.Add(new Failure(period.Code, mall.Key, mall.FirstOrDefault(u => u.Key.Kind == UnitKind.Mall)?.Key.RegencyCode, error!));
                    continue;
                }
                var scored = scoredMalls[m].Scored!;
                foreach (var result in scored)
                {
                    previous.TryGetValue((period.Previous().Code, result.TemplateCode, result.UnitKind, result.UnitKey), out var before);
                    Compare(result, before);
                    previous[(result.PeriodCode, result.TemplateCode, result.UnitKind, result.UnitKey)] = result;
                }
                results.AddRange(scored);
                sums.AddRange(mall.SelectMany(u => u).Where(r => r.MallId is not null && IndexUnitSum.IsStored(r.Kind))
                    .Select(r => IndexUnitSum.From(r, versions[r.TemplateVersionId].ElementCodes.Length, includeFlagged)));
            }
        }
        return new Computation(results, failures, snapshotAt, sums) { Took = (read, scoring.Elapsed) };
    }

    /// <summary>Scores every unit of one MPP of a period (or the national and province units, MPP null); throws if one cannot be.</summary>
    private List<IndexResult> ScoreMall(IGrouping<int?, IGrouping<UnitKey, ResponseAggregation.Row>> mall, string period,
        Dictionary<int, SurveyTemplateVersion> versions, Dictionary<(int, string, string), int?> populations,
        Dictionary<(string Period, int MallId, int VersionId), RespondentProfileCounts.Snapshot> profiles, bool includeFlagged, DateTimeOffset snapshotAt)
    {
        if (mall.Key is int id)
        {
            BeforeMallScored?.Invoke(period, id);
        }
        var scored = new List<IndexResult>();
        foreach (var unit in mall)
        {
            var population = unit.Key.Kind == UnitKind.Mall ? populations.GetValueOrDefault((unit.Key.MallId!.Value, period, unit.Key.Template)) : null;
            var result = UnitScoring.Score(unit.Key, unit.ToList(), versions, population, includeFlagged, snapshotAt);
            if (unit.Key.Kind == UnitKind.Mall)
            {
                var snapshots = unit.Select(r => profiles.GetValueOrDefault((period, r.MallId!.Value, r.TemplateVersionId)))
                    .OfType<RespondentProfileCounts.Snapshot>().ToList();
                result.ProfileCounts = snapshots.Aggregate((int[]?)null, (sum, c) => RespondentProfileCounts.Add(sum, c.Counts));
                result.LastReceivedAt = snapshots.Count == 0 ? null : snapshots.Max(c => c.LastReceivedAt);
            }
            scored.Add(result);
        }
        // Two units with one key (e.g. a service counted under two agencies) cannot both be stored.
        if (scored.GroupBy(r => (r.TemplateCode, r.UnitKind, r.UnitKey)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Two results for {duplicate.Key.UnitKind} {duplicate.Key.UnitKey} ({duplicate.Key.TemplateCode}): responses disagree on the unit they belong to.");
        }
        return scored;
    }

    /// <summary>
    /// docs/method.md, A change between two periods: a change is a rise or a fall only when it is significant at alpha 0.05,
    /// tested on the official index itself (<see cref="PeriodChangeTest.CompareIndices"/>).
    /// </summary>
    private static void Compare(IndexResult result, IndexResult? before)
    {
        if (before is null)
        {
            return;
        }
        result.PreviousConverted = before.Converted;
        var change = PeriodChangeTest.CompareIndices(
            new IndexEstimate(before.Converted, before.StandardError, before.ScoreN),
            new IndexEstimate(result.Converted, result.StandardError, result.ScoreN));
        result.ChangeVerdict = change.Verdict.ToString();
        result.ChangePValue = double.IsFinite(change.PValue) ? change.PValue : null;
    }
}
