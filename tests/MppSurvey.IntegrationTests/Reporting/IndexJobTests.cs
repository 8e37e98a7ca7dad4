using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

public sealed class IndexJobTests(IndexJobTests.Fixture app) : IClassFixture<IndexJobTests.Fixture>
{
    /// <summary>
    /// Two MPPs in two provinces (Jombang, Jawa Timur; Kota Bima, NTB), two services each, two
    /// semesters of seeded random responses with blanks and some flagged ones. The same rows are kept
    /// in memory so every figure can be recomputed by the pure scoring code.
    /// </summary>
    public sealed class Fixture : AppFixture
    {
        public List<Response> Rows { get; } = [];
        public Dictionary<int, int> AgencyOfService { get; } = [];
        public Dictionary<int, string> ProvinceOfMall { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            db.Periods.AddRange(Period.Parse("2025-S2"), Period.Parse("2026-S1"));
            var malls = new[] { ("35.17", "35", 3.3), ("52.72", "52", 3.0) }.Select(m =>
            {
                var mall = new Mall { RegencyCode = m.Item1, Name = "MPP " + m.Item1 };
                for (var a = 0; a < 2; a++)
                {
                    var agency = new Agency { Name = "Instansi " + a };
                    agency.Services.Add(new Service { Name = "Layanan " + a });
                    mall.Agencies.Add(agency);
                }
                db.Malls.Add(mall);
                return (mall, province: m.Item2, level: m.Item3);
            }).ToList();
            await db.SaveChangesAsync();

            var random = new Random(20261122);
            foreach (var (mall, province, level) in malls)
            {
                ProvinceOfMall[mall.Id] = province;
                foreach (var (periodCode, p) in new[] { ("2025-S2", 0), ("2026-S1", 1) })
                {
                    var survey = new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = periodCode, Population = 500 };
                    db.Surveys.Add(survey);
                    await db.SaveChangesAsync();
                    var period = Period.Parse(periodCode);
                    for (var i = 0; i < 120; i++)
                    {
                        var agency = mall.Agencies[i % 2];
                        var service = agency.Services[0];
                        AgencyOfService[service.Id] = agency.Id;
                        var mood = level + p * 0.3 + (random.NextDouble() - 0.5);
                        var scores = Enumerable.Range(0, 9)
                            .Select(e => random.NextDouble() < 0.06 ? (short?)null : (short)Math.Clamp((int)Math.Round(mood + random.NextDouble() - 0.5 - (e == 2 ? 0.4 : 0)), 1, 4))
                            .ToArray();
                        var flags = i % 25 == 0 ? ResponseFlags.StraightLining : i % 31 == 0 ? ResponseFlags.Burst : ResponseFlags.None;
                        var row = new Response
                        {
                            Id = Guid.NewGuid(),
                            SurveyId = survey.Id,
                            MallId = mall.Id,
                            AgencyId = agency.Id,
                            ServiceId = service.Id,
                            TemplateVersionId = version.Id,
                            PeriodCode = periodCode,
                            Channel = ResponseChannel.Kiosk,
                            SubmittedAtLocal = period.StartsOn.AddDays(i).ToDateTime(new TimeOnly(9, 0)),
                            ReceivedAt = DateTimeOffset.UtcNow,
                            Scores = scores,
                            Flags = flags,
                        };
                        db.Responses.Add(row);
                        Rows.Add(row);
                    }
                }
            }
            await db.SaveChangesAsync();
        }
    }

    private static readonly string[] Periods = ["2025-S2", "2026-S1"];

    private async Task<List<IndexResult>> RunAsync(bool includeFlagged = false, RecomputeIndices.ProgressReport? progress = null)
    {
        await using var scope = app.Scope();
        await new RecomputeIndices(app.Db(scope)).RunAsync(Periods, includeFlagged, progress);
        return await StoredAsync();
    }

    private async Task<List<IndexResult>> StoredAsync()
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.AsNoTracking().OrderBy(r => r.PeriodCode).ThenBy(r => r.UnitKind).ThenBy(r => r.UnitKey).ToListAsync();
    }

    private static SkmIndex Expected(IEnumerable<Response> rows) => IndexCalculator.Skm(rows.Select(r => Respondent.Skm(r.Scores.Select(s => (int?)s).ToArray())));

    private static RespondentScoreSummary ExpectedScores(IEnumerable<Response> rows) =>
        RespondentScoreSummary.Of(rows.Select(r => r.Scores.Where(s => s is not null).Select(s => (double)s!.Value).ToList())
            .Where(answers => answers.Count > 0)
            .Select(answers => answers.Average() * 25));

    private IEnumerable<Response> Counted(string period, bool includeFlagged = false) =>
        app.Rows.Where(r => r.PeriodCode == period && (includeFlagged || (r.Flags & (ResponseFlags.Burst | ResponseFlags.StraightLining)) == 0));

    private static void AssertMatches(IEnumerable<Response> rows, IndexResult stored)
    {
        var list = rows.ToList();
        var expected = Expected(list);
        Assert.Equal(list.Count, stored.Respondents);
        Assert.Equal(expected.Elements.Select(e => e.Code), stored.ElementCodes);
        Assert.Equal(expected.Elements.Select(e => (int)e.Answered), stored.ElementAnswered);
        Assert.Equal(expected.Elements.Select(e => e.Sum), stored.ElementSums);
        Assert.Equal(expected.ConvertedRounded, stored.Converted);
        Assert.Equal(expected.Grade.ToString(), stored.Grade);
        Assert.Equal(decimal.Round(expected.Ikm, 20), decimal.Round(stored.Ikm, 20));
        // The interval of the official index itself: the delta-method standard error of the pure code.
        var tallies = ScoreTallies.Skm(list.Select(r => Respondent.Skm(r.Scores.Select(s => (int?)s).ToArray())));
        Assert.Equal(tallies.IndexStandardError!.Value * 25, stored.StandardError!.Value, 9);
        Assert.Equal(ExpectedScores(list).N, stored.ScoreN);
        var ci = ConfidenceInterval.FromStandardError((double)expected.Converted, tallies.IndexStandardError * 25, tallies.Scores.N,
            ConfidenceInterval.SkmMinimum, ConfidenceInterval.ScaleMaximum)!;
        Assert.Equal(ci.Low, stored.CiLow!.Value, 9);
        Assert.Equal(ci.High, stored.CiHigh!.Value, 9);
    }

    [Fact]
    public async Task Every_unit_equals_the_pure_scoring_code_on_the_same_rows_leaving_flagged_responses_out()
    {
        var results = await RunAsync();

        foreach (var period in Periods)
        {
            var counted = Counted(period).ToList();
            AssertMatches(counted, results.Single(r => r.PeriodCode == period && r.UnitKind == UnitKind.National));
            foreach (var (mallId, province) in app.ProvinceOfMall)
            {
                var mallRows = counted.Where(r => r.MallId == mallId).ToList();
                AssertMatches(mallRows, results.Single(r => r.PeriodCode == period && r.UnitKind == UnitKind.Mall && r.MallId == mallId));
                AssertMatches(mallRows, results.Single(r => r.PeriodCode == period && r.UnitKind == UnitKind.Province && r.UnitKey == province));
                foreach (var serviceId in mallRows.Select(r => r.ServiceId!.Value).Distinct())
                {
                    AssertMatches(mallRows.Where(r => r.ServiceId == serviceId), results.Single(r => r.PeriodCode == period && r.UnitKind == UnitKind.Service && r.ServiceId == serviceId));
                    var agencyId = app.AgencyOfService[serviceId];
                    AssertMatches(mallRows.Where(r => r.AgencyId == agencyId), results.Single(r => r.PeriodCode == period && r.UnitKind == UnitKind.Agency && r.AgencyId == agencyId));
                }
            }
        }
        Assert.All(results, r => Assert.False(r.IncludesFlagged));
        // docs/method.md, Sample size (Krejcie and Morgan): population 500 -> 217 respondents for the MPP units.
        Assert.All(results.Where(r => r.UnitKind == UnitKind.Mall), r => Assert.Equal(217, r.SampleTarget));
    }

    [Fact]
    public async Task Including_flagged_responses_is_a_choice_recorded_with_the_results()
    {
        var results = await RunAsync(includeFlagged: true);

        var national = results.Single(r => r.PeriodCode == "2026-S1" && r.UnitKind == UnitKind.National);
        AssertMatches(Counted("2026-S1", includeFlagged: true), national);
        Assert.True(national.IncludesFlagged);
        await RunAsync();
    }

    [Fact]
    public async Task The_change_against_the_previous_period_is_judged_on_the_official_index_with_its_delta_method_standard_errors()
    {
        var results = await RunAsync();

        foreach (var mallId in app.ProvinceOfMall.Keys)
        {
            var before = Counted("2025-S2").Where(r => r.MallId == mallId).ToList();
            var after = Counted("2026-S1").Where(r => r.MallId == mallId).ToList();
            IndexEstimate Estimate(List<Response> rows)
            {
                var tallies = ScoreTallies.Skm(rows.Select(r => Respondent.Skm(r.Scores.Select(s => (int?)s).ToArray())));
                return new IndexEstimate(Expected(rows).ConvertedRounded, tallies.IndexStandardError * 25, tallies.Scores.N);
            }
            var expected = PeriodChangeTest.CompareIndices(Estimate(before), Estimate(after));
            var stored = results.Single(r => r.PeriodCode == "2026-S1" && r.UnitKind == UnitKind.Mall && r.MallId == mallId);
            Assert.Equal(Expected(before).ConvertedRounded, stored.PreviousConverted);
            Assert.Equal(expected.Verdict.ToString(), stored.ChangeVerdict);
            Assert.Equal(expected.PValue, stored.ChangePValue!.Value, 9);
            Assert.Null(results.Single(r => r.PeriodCode == "2025-S2" && r.UnitKind == UnitKind.Mall && r.MallId == mallId).ChangeVerdict);
        }
    }

    private static object Figures(IndexResult r) => new
    {
        r.PeriodCode, r.TemplateCode, r.UnitKind, r.UnitKey, r.MallId, r.AgencyId, r.ServiceId, r.ProvinceCode, r.Respondents,
        Codes = string.Join(',', r.ElementCodes), Answered = string.Join(',', r.ElementAnswered), Sums = string.Join(',', r.ElementSums),
        r.Ikm, r.Converted, r.Grade, r.ScoreN, r.ScoreSum, r.ScoreSumOfSquares, r.CiLow, r.CiHigh, r.SampleTarget,
        r.PreviousConverted, r.ChangeVerdict, r.ChangePValue, r.IncludesFlagged,
    };

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        var first = (await RunAsync()).Select(Figures).ToList();
        var second = (await RunAsync()).Select(Figures).ToList();

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_run_that_fails_half_way_leaves_the_earlier_results_intact()
    {
        var before = (await RunAsync()).Select(Figures).ToList();
        // New responses would change the figures, if the failed run's writes survived.
        var extra = app.Rows.First(r => r.PeriodCode == "2026-S1");
        var extraId = Guid.NewGuid();
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            db.Responses.Add(new Response
            {
                Id = extraId, SurveyId = extra.SurveyId, MallId = extra.MallId, AgencyId = extra.AgencyId, ServiceId = extra.ServiceId,
                TemplateVersionId = extra.TemplateVersionId, PeriodCode = "2026-S1", Channel = ResponseChannel.Kiosk,
                SubmittedAtLocal = extra.SubmittedAtLocal, ReceivedAt = DateTimeOffset.UtcNow, Scores = [1, 1, 1, 1, 1, 1, 1, 1, 2],
            });
            await db.SaveChangesAsync();
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunAsync(progress: (done, total) => throw new InvalidOperationException($"crash after {done} of {total}")));

        Assert.StartsWith("crash after", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await StoredAsync()).Select(Figures).ToList());

        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            await db.Responses.Where(r => r.Id == extraId).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Hangfire_runs_the_job_from_its_PostgreSQL_storage_and_records_progress()
    {
        var client = app.Services.GetRequiredService<IBackgroundJobClient>();
        client.Enqueue<IndexJob>(job => job.RunAsync(Periods, false, CancellationToken.None));

        JobRun? run = null;
        for (var i = 0; i < 120 && run?.Status is null or JobRunStatus.Running; i++)
        {
            await Task.Delay(250);
            await using var scope = app.Scope();
            run = await IndexJob.LatestAsync(app.Db(scope));
        }

        Assert.NotNull(run);
        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.Equal(run.Total, run.Done);
        Assert.Equal((await StoredAsync()).Count, run.Done);
        await using (var scope = app.Scope())
        {
            var hangfireTables = await app.Db(scope).Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'").SingleAsync();
            Assert.True(hangfireTables > 5);
        }
    }
}
