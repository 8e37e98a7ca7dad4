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

    /// <summary>Units written, the MPPs they cover (for the run's log line), and the MPPs that failed.</summary>
    public sealed record Outcome(int Written, IReadOnlyList<Failure> Failures, int Mpps = 0, IReadOnlyList<string>? Periods = null);

    /// <summary>The computed results of the plan, the units that failed, the snapshot's time, and the MPP-level sums to store.</summary>
    public sealed record Computation(List<IndexResult> Results, List<Failure> Failures, DateTimeOffset SnapshotAt, List<IndexUnitSum> Sums);

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
            await IndexResultWriter.WriteAsync(connection, plan, computed, done, progress, ct);
            var mpps = computed.Results.Where(r => r.UnitKind == UnitKind.Mall).Select(r => r.MallId).Distinct().Count();
            return new Outcome(computed.Results.Count, computed.Failures, mpps, plan.Periods.ToList());
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
    /// Computes (without storing) the units of the plan, inside the caller's transaction if there is
    /// one. Every unit above the MPP is the sum of the MPP rows (<see cref="AggregateRollUp.AboveMall"/>),
    /// added in one fixed order so a full and an incremental run add the same numbers the same way.
    /// Periods are taken oldest first so each period's change test can use the one before it.
    /// </summary>
    public async Task<Computation> ComputeAsync(Plan plan, bool includeFlagged, CancellationToken ct = default)
    {
        var snapshotAt = await db.Database.SqlQueryRaw<DateTimeOffset>("SELECT now() AS \"Value\"").SingleAsync(ct);
        var periods = plan.Periods.Select(Period.Parse).OrderBy(p => p.StartsOn).ThenBy(p => p.Kind).ToList();
        if (periods.Count == 0)
        {
            return new Computation([], [], snapshotAt, []);
        }
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
        var populations = await db.Surveys.AsNoTracking()
            .Where(s => periodCodes.Contains(s.PeriodCode) && s.Population != null)
            .Select(s => new { s.MallId, s.PeriodCode, Template = s.TemplateVersion!.Template!.Code, s.Population })
            .ToListAsync(ct);

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
            foreach (var mall in units.Where(u => u.Key.Period == period.Code).GroupBy(u => u.Key.MallId))
            {
                try
                {
                    if (mall.Key is int id)
                    {
                        BeforeMallScored?.Invoke(period.Code, id);
                    }
                    var scored = new List<IndexResult>();
                    foreach (var unit in mall)
                    {
                        var population = unit.Key.Kind == UnitKind.Mall
                            ? populations.Where(p => p.MallId == unit.Key.MallId && p.PeriodCode == period.Code && p.Template == unit.Key.Template).Max(p => p.Population)
                            : null;
                        var result = Score(unit.Key, unit.ToList(), versions, population, includeFlagged, snapshotAt);
                        if (unit.Key.Kind == UnitKind.Mall)
                        {
                            var snapshots = unit.Select(r => profiles.GetValueOrDefault((period.Code, r.MallId!.Value, r.TemplateVersionId)))
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
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add(new Failure(period.Code, mall.Key, mall.FirstOrDefault(u => u.Key.Kind == UnitKind.Mall)?.Key.RegencyCode, e));
                }
            }
        }
        return new Computation(results, failures, snapshotAt, sums);
    }

    private sealed record UnitKey(string Period, string Template, UnitKind Kind, string? ProvinceCode, int? MallId, string? RegencyCode, int? AgencyId, int? ServiceId,
        int? ServiceModel, int? Channel);

    private static IndexResult Score(UnitKey key, List<ResponseAggregation.Row> rows, Dictionary<int, SurveyTemplateVersion> versions,
        int? population, bool includeFlagged, DateTimeOffset snapshotAt)
    {
        var first = versions[rows[0].TemplateVersionId];
        var scale = new ScoreScale(first.ScaleMin, first.ScaleMax);
        var codes = new List<string>();
        var tallies = new Dictionary<string, (long answered, long sum)>(StringComparer.Ordinal);
        var pairs = new Dictionary<(string, string), ElementPairMoments>();
        long respondents = 0, scoreN = 0;
        double meanSum = 0, meanSquares = 0;
        foreach (var row in rows)
        {
            var version = versions[row.TemplateVersionId];
            for (var i = 0; i < version.ElementCodes.Length; i++)
            {
                var code = version.ElementCodes[i];
                if (!tallies.TryGetValue(code, out var t))
                {
                    codes.Add(code);
                }
                tallies[code] = (t.answered + row.Answered[i], t.sum + row.Sums[i]);
            }
            foreach (var pair in row.Pairs(version.ElementCodes).Select(p => p.Normalized()))
            {
                pairs[(pair.First, pair.Second)] = pairs.TryGetValue((pair.First, pair.Second), out var sum) ? sum.Plus(pair) : pair;
            }
            respondents += row.Respondents;
            scoreN += row.ScoreN;
            meanSum += row.MeanAnswerSum;
            meanSquares += row.MeanAnswerSumOfSquares;
        }
        var elementTallies = codes.Select(c => new ElementTally(c, tallies[c].answered, tallies[c].sum)).ToList();

        // Respondent-level scores (beside docs/method.md, The interval of the index): the respondent score is the mean answer x 25 for SKM (or rescaled to
        // 0-100 for other scales): a linear map a*m + b, applied to the sums of m and m^2.
        var isSkm = key.Template == "skm";
        var (a, b) = isSkm ? (25.0, 0.0) : (100.0 / (scale.Max - scale.Min), -100.0 * scale.Min / (scale.Max - scale.Min));
        var summary = new RespondentScoreSummary(scoreN, a * meanSum + b * scoreN, a * a * meanSquares + 2 * a * b * meanSum + b * b * scoreN);

        // The uncertainty of the official index itself (mean of element means), on the published scale.
        var standardError = IndexUncertainty.StandardError(elementTallies, pairs.Values, scoreN) * a;
        decimal ikm, converted;
        string grade;
        ConfidenceInterval? ci;
        if (isSkm)
        {
            var index = IndexCalculator.Skm(elementTallies);
            (ikm, converted, grade) = (index.Ikm, index.ConvertedRounded, index.Grade.ToString());
            ci = ConfidenceInterval.FromStandardError((double)index.Converted, standardError, scoreN, ConfidenceInterval.SkmMinimum, ConfidenceInterval.ScaleMaximum);
        }
        else
        {
            var index = IndexCalculator.OnScale(elementTallies, codes, scale);
            (ikm, converted, grade) = (index.Index, index.RescaledRounded, "");
            ci = ConfidenceInterval.FromStandardError((double)index.Rescaled, standardError, scoreN, 0, ConfidenceInterval.ScaleMaximum);
        }

        return new IndexResult
        {
            PeriodCode = key.Period,
            TemplateCode = key.Template,
            UnitKind = key.Kind,
            UnitKey = key.Kind switch
            {
                UnitKind.National => "ID",
                UnitKind.Province => key.ProvinceCode!,
                UnitKind.Mall => key.RegencyCode!,
                UnitKind.Agency => key.AgencyId!.Value.ToString(CultureInfo.InvariantCulture),
                UnitKind.MallServiceModel => DeliveryUnits.Key(key.RegencyCode!, key.ServiceModel!.Value),
                UnitKind.MallChannel => DeliveryUnits.Key(key.RegencyCode!, key.Channel!.Value),
                UnitKind.NationalServiceModel => DeliveryUnits.Key(DeliveryUnits.NationalPrefix, key.ServiceModel!.Value),
                UnitKind.NationalChannel => DeliveryUnits.Key(DeliveryUnits.NationalPrefix, key.Channel!.Value),
                _ => key.ServiceId!.Value.ToString(CultureInfo.InvariantCulture),
            },
            ProvinceCode = key.ProvinceCode,
            MallId = key.MallId,
            AgencyId = key.AgencyId,
            ServiceId = key.ServiceId,
            Respondents = (int)respondents,
            ElementCodes = codes.ToArray(),
            ElementAnswered = codes.Select(c => (int)tallies[c].answered).ToArray(),
            ElementSums = codes.Select(c => tallies[c].sum).ToArray(),
            Ikm = ikm,
            Converted = converted,
            Grade = grade,
            ScoreN = summary.N,
            ScoreSum = summary.Sum,
            ScoreSumOfSquares = summary.SumOfSquares,
            StandardError = standardError,
            CiLow = ci?.Low,
            CiHigh = ci?.High,
            // docs/method.md, Sample size (Krejcie and Morgan): the Krejcie & Morgan target from the population the MPP entered.
            SampleTarget = population is int n ? (int)KrejcieMorgan.RequiredSample(n) : null,
            IncludesFlagged = includeFlagged,
            ComputedAt = snapshotAt,
        };
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
