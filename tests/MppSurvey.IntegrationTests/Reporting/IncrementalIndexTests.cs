using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The nightly run recomputes only the changed (period, MPP) pairs and rolls the units above the MPP up
/// from the stored MPP sums: whatever changed, what it stores must be exactly what a full recomputation
/// stores (every unit, every column but the time and the row id), sums included.
/// </summary>
public sealed class IncrementalIndexTests(IncrementalIndexTests.Fixture app) : IClassFixture<IncrementalIndexTests.Fixture>
{
    /// <summary>Four MPPs in three provinces (two in Jawa Timur), two agencies with one service each, three consecutive semesters.</summary>
    public sealed class Fixture : AppFixture
    {
        public static readonly string[] Periods = ["2025-S2", "2026-S1", "2026-S2"];
        public List<(int Mall, int[] Agencies, int[] Services)> Malls { get; } = [];
        public Dictionary<(int Mall, string Period), int> Surveys { get; } = [];
        public int VersionId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            VersionId = (await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1)).Id;
            db.Periods.AddRange(Periods.Select(Period.Parse));
            foreach (var code in new[] { "35.17", "35.78", "52.72", "73.71" })
            {
                var mall = new Mall { RegencyCode = code, Name = "MPP " + code };
                for (var a = 0; a < 2; a++)
                {
                    var agency = new Agency { Name = "Instansi " + a };
                    agency.Services.Add(new Service { Name = "Layanan " + a });
                    mall.Agencies.Add(agency);
                }
                db.Malls.Add(mall);
                await db.SaveChangesAsync();
                Malls.Add((mall.Id, mall.Agencies.Select(a => a.Id).ToArray(), mall.Agencies.Select(a => a.Services[0].Id).ToArray()));
                foreach (var period in Periods)
                {
                    var survey = new Survey { MallId = mall.Id, TemplateVersionId = VersionId, PeriodCode = period, Population = 300 + 50 * Malls.Count };
                    db.Surveys.Add(survey);
                    await db.SaveChangesAsync();
                    Surveys[(mall.Id, period)] = survey.Id;
                }
            }
            var random = new Random(20261203);
            foreach (var (mall, _, _) in Malls)
            {
                foreach (var period in Periods)
                {
                    await InsertAsync(db, mall, period, 12, random);
                }
            }
        }

        public async Task InsertAsync(Core.Database.MppSurveyDbContext db, int mallId, string period, int count, Random random)
        {
            var (_, agencies, services) = Malls.Single(m => m.Mall == mallId);
            for (var i = 0; i < count; i++)
            {
                var a = random.Next(2);
                var level = 1 + random.Next(4);
                db.Responses.Add(new Response
                {
                    Id = Guid.NewGuid(), SurveyId = Surveys[(mallId, period)], MallId = mallId, AgencyId = agencies[a], ServiceId = services[a],
                    TemplateVersionId = VersionId, PeriodCode = period,
                    Channel = random.Next(3) switch { 0 => ResponseChannel.Kiosk, 1 => ResponseChannel.QrPhone, _ => ResponseChannel.OfficerAssisted },
                    ServiceModel = random.Next(3) == 0 ? ServiceModel.Mobile : ServiceModel.Direct,
                    SubmittedAtLocal = Period.Parse(period).StartsOn.AddDays(random.Next(100)).ToDateTime(new TimeOnly(9, 0)),
                    ReceivedAt = DateTimeOffset.UtcNow,
                    Gender = random.Next(3) == 0 ? null : random.Next(2) == 0 ? Gender.Male : Gender.Female,
                    Age = (short)(18 + random.Next(50)),
                    Scores = Enumerable.Range(0, 9).Select(_ => random.Next(8) == 0 ? (short?)null : (short)Math.Clamp(level + random.Next(3) - 1, 1, 4)).ToArray(),
                    Flags = random.Next(15) == 0 ? ResponseFlags.StraightLining : ResponseFlags.None,
                });
            }
            await db.SaveChangesAsync();
        }
    }

    private enum Change
    {
        Insert,
        Reflag,
        Delete,
        Import,
        Population,
    }

    private sealed record Step(Change Change, int Mall, int Period, int Count, int Seed)
    {
        public override string ToString() => $"{Change} mall#{Mall} period#{Period} x{Count}";
    }

    private static readonly Gen<Step> Steps = Gen.Select(Gen.Enum<Change>(), Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[1, 4], Gen.Int)
        .Select((change, mall, period, count, seed) => new Step(change, mall, period, count, seed));

    private async Task ApplyAsync(Step step)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var (mallId, _, services) = app.Malls[step.Mall];
        var period = Fixture.Periods[step.Period];
        var random = new Random(step.Seed);
        switch (step.Change)
        {
            case Change.Insert:
                await app.InsertAsync(db, mallId, period, step.Count, random);
                break;
            case Change.Reflag:
                // Toggles "straight-lining" (left out of the index) on a few of the MPP's responses: in, or out.
                await db.Database.ExecuteSqlRawAsync(
                    "UPDATE responses SET flags = flags # 2 WHERE id IN (SELECT id FROM responses WHERE mall_id = {0} AND period_code = {1} ORDER BY md5(id::text || {2}) LIMIT {3})",
                    mallId, period, step.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Count);
                break;
            case Change.Delete:
                await db.Database.ExecuteSqlRawAsync(
                    "DELETE FROM responses WHERE id IN (SELECT id FROM responses WHERE mall_id = {0} AND period_code = {1} ORDER BY md5(id::text || {2}) LIMIT {3})",
                    mallId, period, step.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Count);
                break;
            case Change.Import:
                var csv = new StringBuilder("No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n");
                for (var i = 1; i <= step.Count; i++)
                {
                    csv.Append(i).Append(';').AppendJoin(';', Enumerable.Range(0, 9).Select(_ => random.Next(1, 5))).Append('\n');
                }
                var result = await new HistoricImporter(db).ImportAsync(new HistoricImporter.Request(
                    mallId, period, services[random.Next(2)], $"riwayat-{step.Seed}.csv", Encoding.UTF8.GetBytes(csv.ToString()), "uji", ScoreOnly: false));
                Assert.True(result.Succeeded, result.Error);
                break;
            case Change.Population:
                var surveyId = app.Surveys[(mallId, period)];
                await db.Surveys.Where(s => s.Id == surveyId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Population, 100 + random.Next(900)));
                break;
        }
    }

    private async Task<RecomputeIndices.Outcome> FullAsync(Action<string, int>? fault = null)
    {
        await using var scope = app.Scope();
        return await new RecomputeIndices(app.Db(scope)) { BeforeMallScored = fault }.RunAsync(Fixture.Periods);
    }

    private async Task<RecomputeIndices.Outcome> IncrementalAsync(Action<string, int>? fault = null)
    {
        await using var scope = app.Scope();
        return await new RecomputeIndices(app.Db(scope)) { BeforeMallScored = fault }.RunPendingAsync();
    }

    /// <summary>Every stored result and sum, as text (PostgreSQL prints a float8 so that it reads back exactly), without ids and times.</summary>
    private async Task<List<string>> SnapshotAsync(bool withSums = true)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var results = await db.Database.SqlQueryRaw<string>("""
            SELECT ROW(period_code, template_code, unit_kind, unit_key, province_code, mall_id, agency_id, service_id, respondents,
                element_codes, element_answered, element_sums, ikm, converted, grade, score_n, score_sum, score_sum_of_squares, standard_error,
                ci_low, ci_high, sample_target, previous_converted, change_verdict, change_p_value, includes_flagged, profile_counts, last_received_at)::text AS "Value"
            FROM index_results ORDER BY period_code, template_code, unit_kind, unit_key
            """).ToListAsync();
        var sums = await db.Database.SqlQueryRaw<string>("""
            SELECT ROW('sum', period_code, template_version_id, kind, mall_id, service_model, channel, province_code, regency_code, respondents,
                answered, sums, score_n, mean_answer_sum, mean_answer_sum_of_squares, square_sums, pair_sums, includes_flagged)::text AS "Value"
            FROM index_unit_sums ORDER BY period_code, mall_id, template_version_id, kind, service_model, channel
            """).ToListAsync();
        return withSums ? [.. results, .. sums] : results;
    }

    private static void AssertSame(List<string> full, List<string> incremental, string what)
    {
        var missing = full.Except(incremental).FirstOrDefault();
        var extra = incremental.Except(full).FirstOrDefault();
        Assert.True(missing is null && extra is null && full.Count == incremental.Count,
            $"{what}: the incremental run stored {incremental.Count} rows, the full run {full.Count}; first full row not stored: {missing}; first stored row not in the full run: {extra}");
    }

    private async Task<long> MarksAsync(int mallId = 0)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM index_dirty WHERE {0} = 0 OR mall_id = {0}", mallId).SingleAsync();
    }

    private async Task<int> RespondentsAsync(string period, UnitKind kind, string key)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.Where(r => r.PeriodCode == period && r.TemplateCode == "skm" && r.UnitKind == kind && r.UnitKey == key)
            .Select(r => r.Respondents).SingleAsync();
    }

    /// <summary>The responses an index of the period counts (none flagged), of one MPP or (0) all.</summary>
    private async Task<int> CountedAsync(string period, int mallId = 0)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Responses.CountAsync(r => r.PeriodCode == period && r.Flags == ResponseFlags.None && (mallId == 0 || r.MallId == mallId));
    }

    private async Task<Dictionary<int, DateTimeOffset>> MallComputedAtAsync()
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.Where(r => r.UnitKind == UnitKind.Mall)
            .GroupBy(r => r.MallId!.Value).ToDictionaryAsync(g => g.Key, g => g.Max(r => r.ComputedAt));
    }

    [Fact]
    public async Task The_incremental_run_equals_a_full_recompute_after_random_changes()
    {
        await FullAsync();
        await Steps.Array[1, 4].SampleAsync(async steps =>
        {
            var before = await MallComputedAtAsync();
            foreach (var step in steps)
            {
                await ApplyAsync(step);
            }

            var outcome = await IncrementalAsync();
            var incremental = await SnapshotAsync();
            Assert.Empty(outcome.Failures);
            Assert.Equal(0, await MarksAsync());
            // Honest about being incremental: an MPP no step touched kept the results of the earlier run.
            var after = await MallComputedAtAsync();
            foreach (var untouched in Enumerable.Range(0, 4).Except(steps.Select(s => s.Mall)))
            {
                Assert.Equal(before[app.Malls[untouched].Mall], after[app.Malls[untouched].Mall]);
            }

            await FullAsync();
            AssertSame(await SnapshotAsync(), incremental, string.Join(", ", steps.Select(s => s.ToString())));
        }, iter: 12, threads: 1);
    }

    [Fact]
    public async Task The_first_run_without_stored_sums_recomputes_the_marked_periods_whole_and_equals_a_full_run()
    {
        await FullAsync();
        await using (var scope = app.Scope())
        {
            // As the database stands right after the migration: results, but no sums behind them.
            await app.Db(scope).IndexUnitSums.ExecuteDeleteAsync();
        }
        await ApplyAsync(new Step(Change.Insert, 1, 1, 3, 7));

        var outcome = await IncrementalAsync();
        // 2025-S2 keeps its results without sums (it has no mark): only the results can be compared.
        var incremental = await SnapshotAsync(withSums: false);

        Assert.Empty(outcome.Failures);
        // 2026-S1 was marked; 2026-S2 follows it (its change test reads 2026-S1): both recomputed whole, every MPP's sums stored.
        Assert.Equal(["2026-S1", "2026-S2"], outcome.Periods!.Order().ToArray());
        await using (var scope = app.Scope())
        {
            var stored = await app.Db(scope).IndexUnitSums.Where(s => s.Kind == UnitKind.Mall).Select(s => new { s.PeriodCode, s.MallId }).ToListAsync();
            Assert.Equal(8, stored.Count);
            Assert.All(stored, s => Assert.NotEqual("2025-S2", s.PeriodCode));
        }
        await FullAsync();
        AssertSame(await SnapshotAsync(withSums: false), incremental, "first run without sums");
    }

    [Fact]
    public async Task A_failing_MPP_keeps_its_marks_and_figures_while_the_other_MPPs_and_the_national_units_are_right()
    {
        await FullAsync();
        await ApplyAsync(new Step(Change.Insert, 0, 1, 4, 11));
        await ApplyAsync(new Step(Change.Insert, 2, 1, 2, 12));
        var (failing, other) = (app.Malls[0].Mall, app.Malls[2].Mall);
        void Fault(string period, int mallId)
        {
            if (mallId == failing && period == "2026-S1")
            {
                throw new InvalidOperationException("injected fault");
            }
        }
        var earlier = await RespondentsAsync("2026-S1", UnitKind.Mall, "35.17");

        var outcome = await IncrementalAsync(Fault);
        var incremental = await SnapshotAsync();

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(("2026-S1", (int?)failing), (failure.PeriodCode, failure.MallId));
        // The failed MPP keeps its mark (and its figures); the other MPP's mark is cleared.
        Assert.Equal(1, await MarksAsync(failing));
        Assert.Equal(1, await MarksAsync());
        Assert.Equal(earlier, await RespondentsAsync("2026-S1", UnitKind.Mall, "35.17"));
        Assert.Equal(await CountedAsync("2026-S1", other), await RespondentsAsync("2026-S1", UnitKind.Mall, "52.72"));
        // The national figure counts every response of the snapshot, the failed MPP's new ones too, as a full run does.
        Assert.Equal(await CountedAsync("2026-S1"), await RespondentsAsync("2026-S1", UnitKind.National, "ID"));
        await FullAsync(Fault);
        AssertSame(await SnapshotAsync(), incremental, "with a failing MPP");

        // The next run, without the fault, takes the MPP in.
        Assert.Empty((await IncrementalAsync()).Failures);
        Assert.Equal(0, await MarksAsync());
        var recovered = await SnapshotAsync();
        Assert.Equal(await CountedAsync("2026-S1", failing), await RespondentsAsync("2026-S1", UnitKind.Mall, "35.17"));
        Assert.NotEqual(earlier, await RespondentsAsync("2026-S1", UnitKind.Mall, "35.17"));
        await FullAsync();
        AssertSame(await SnapshotAsync(), recovered, "after the failed MPP recovered");
    }

    [Fact]
    public void Stored_pair_moments_keep_their_pairs_when_a_wider_template_changes_the_layout()
    {
        // Three elements: pairs (0,1) (0,2) (1,2), four moments each. Four elements: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3).
        long[] three = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

        var four = IndexUnitSum.Pairs(three, 3, 4);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 9, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0], four);
        Assert.Equal(three, IndexUnitSum.Pairs(four, 4, 3));
    }
}
