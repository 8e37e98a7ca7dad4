using System.Text;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Dasbor;
using MppSurvey.Web.Pages.Publik;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The index job as one snapshot: it recomputes exactly what changed (any writer, open or closed
/// period), one failing MPP does not stop the others, and every surface of a period shows the
/// figures of that one computation. Each test uses periods of its own.
/// </summary>
public sealed class IndexSnapshotTests(IndexSnapshotTests.Fixture app) : IClassFixture<IndexSnapshotTests.Fixture>
{
    /// <summary>Jombang (Jawa Timur) and Kota Bima (NTB), one agency and service each, and the periods the tests use.</summary>
    public sealed class Fixture : AppFixture
    {
        public Dictionary<string, (int Mall, int Agency, int Service)> Ids { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            db.Periods.AddRange(new[] { "2020-S1", "2020-S2", "2021-S1", "2021-S2", "2022-S1", "2022-S2", "2023-S1", "2023-S2", "2024-S1" }.Select(Period.Parse));
            foreach (var code in new[] { "35.17", "52.72" })
            {
                var mall = new Mall { RegencyCode = code, Name = "MPP " + code };
                var agency = new Agency { Name = "Dukcapil" };
                agency.Services.Add(new Service { Name = "Kartu Keluarga" });
                mall.Agencies.Add(agency);
                db.Malls.Add(mall);
                await db.SaveChangesAsync();
                Ids[code] = (mall.Id, agency.Id, agency.Services[0].Id);
            }
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                ("deputi@uji.test", Roles.Ministry, (string?)null, (int?)null));
        }
    }

    public const string Password = "uji-coba-2026-aman";

    private static readonly int?[] AllThree = [3, 3, 3, 3, 3, 3, 3, 3, 3];

    private async Task AddAsync(string regency, string period, IEnumerable<int?[]> answers, bool closed = false, Gender? gender = null)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var (mallId, agencyId, serviceId) = app.Ids[regency];
        var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        var survey = await db.Surveys.FirstOrDefaultAsync(s => s.MallId == mallId && s.PeriodCode == period);
        if (survey is null)
        {
            survey = new Survey { MallId = mallId, TemplateVersionId = version.Id, PeriodCode = period, ClosedAt = closed ? DateTimeOffset.UtcNow : null };
            db.Surveys.Add(survey);
            await db.SaveChangesAsync();
        }
        foreach (var a in answers)
        {
            db.Responses.Add(new Response
            {
                Id = Guid.NewGuid(), SurveyId = survey.Id, MallId = mallId, AgencyId = agencyId, ServiceId = serviceId,
                TemplateVersionId = version.Id, PeriodCode = period, Channel = ResponseChannel.Kiosk,
                SubmittedAtLocal = Period.Parse(period).StartsOn.ToDateTime(new TimeOnly(9, 0)), ReceivedAt = DateTimeOffset.UtcNow,
                Gender = gender, Scores = a.Select(x => (short?)x).ToArray(),
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task<IndexResult?> ResultAsync(string period, UnitKind kind, string key)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.AsNoTracking().SingleOrDefaultAsync(r => r.PeriodCode == period && r.UnitKind == kind && r.UnitKey == key && r.TemplateCode == "skm");
    }

    /// <summary>The nightly run as the schedule calls it: no periods, so every period with changes.</summary>
    private async Task NightlyAsync()
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<IndexJob>().RunAsync(null, false, CancellationToken.None);
    }

    [Fact]
    public async Task An_import_into_a_closed_computed_period_is_computed_by_the_nightly_run_and_an_untouched_period_is_not()
    {
        await AddAsync("35.17", "2022-S1", [AllThree, AllThree], closed: true);
        await AddAsync("35.17", "2022-S2", [AllThree], closed: true);
        await NightlyAsync();
        Assert.Equal(75.00m, (await ResultAsync("2022-S1", UnitKind.National, "ID"))!.Converted);
        var untouched = (await ResultAsync("2022-S2", UnitKind.Mall, "35.17"))!.ComputedAt;

        // Kota Bima's history, imported into the closed period: two respondents answering 4 everywhere.
        await using (var scope = app.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<HistoricImporter>().ImportAsync(new HistoricImporter.Request(
                app.Ids["52.72"].Mall, "2022-S1", app.Ids["52.72"].Service, "bima.csv",
                Encoding.UTF8.GetBytes("No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;4;4;4;4;4;4;4;4;4\n2;4;4;4;4;4;4;4;4;4\n"), "test", ScoreOnly: false));
            Assert.True(result.Succeeded, result.Error);
        }
        await NightlyAsync();

        // Every element pools 3, 3, 4, 4: NRR 3.5, x 25 = 87.50.
        var national = (await ResultAsync("2022-S1", UnitKind.National, "ID"))!;
        Assert.Equal(87.50m, national.Converted);
        Assert.Equal(4, national.Respondents);
        Assert.Equal(100.00m, (await ResultAsync("2022-S1", UnitKind.Mall, "52.72"))!.Converted);
        Assert.Equal(untouched, (await ResultAsync("2022-S2", UnitKind.Mall, "35.17"))!.ComputedAt);
        await using (var scope = app.Scope())
        {
            Assert.DoesNotContain("2022-S1", await new RecomputeIndices(app.Db(scope)).PendingPeriodsAsync());
        }
    }

    [Fact]
    public async Task One_failing_MPP_keeps_its_previous_figures_while_the_others_and_the_national_figure_are_written()
    {
        await AddAsync("35.17", "2023-S1", [AllThree]);
        await AddAsync("52.72", "2023-S1", [AllThree]);
        await using (var scope = app.Scope())
        {
            await new RecomputeIndices(app.Db(scope)).RunAsync(["2023-S1"]);
        }
        await AddAsync("35.17", "2023-S1", [AllThree]);
        await AddAsync("52.72", "2023-S1", [AllThree]);

        RecomputeIndices.Outcome outcome;
        await using (var scope = app.Scope())
        {
            var jombang = app.Ids["35.17"].Mall;
            var job = new RecomputeIndices(app.Db(scope))
            {
                BeforeMallScored = (_, mallId) =>
                {
                    if (mallId == jombang)
                    {
                        throw new InvalidOperationException("injected fault");
                    }
                },
            };
            outcome = await job.RunAsync(["2023-S1"]);
        }

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(("2023-S1", "35.17"), (failure.PeriodCode, failure.RegencyCode));
        Assert.Equal(1, (await ResultAsync("2023-S1", UnitKind.Mall, "35.17"))!.Respondents);
        Assert.Equal(2, (await ResultAsync("2023-S1", UnitKind.Mall, "52.72"))!.Respondents);
        Assert.Equal(4, (await ResultAsync("2023-S1", UnitKind.National, "ID"))!.Respondents);
        await using (var scope = app.Scope())
        {
            // The failed MPP stays marked, so the next run tries it again, and succeeds.
            var job = new RecomputeIndices(app.Db(scope));
            Assert.Contains("2023-S1", await job.PendingPeriodsAsync());
            Assert.Empty((await job.RunAsync(await job.PendingPeriodsAsync())).Failures);
        }
        Assert.Equal(2, (await ResultAsync("2023-S1", UnitKind.Mall, "35.17"))!.Respondents);
    }

    [Fact]
    public async Task A_row_breaking_an_assumption_fails_its_MPP_loudly_in_the_run_record_and_the_other_MPP_is_still_written()
    {
        await AddAsync("35.17", "2023-S2", [AllThree]);
        await AddAsync("52.72", "2023-S2", [AllThree, [4, 4, 4, 4, 4, 4, 4, 4, 4]]);
        // An answer of 9 on the 1-4 scale: nothing should let it in (a constraint added later would have to be
        // dropped here), but if one does, only its MPP may fail.
        await using (var scope = app.Scope())
        {
            await app.Db(scope).Database.ExecuteSqlRawAsync(
                "UPDATE responses SET scores[1] = 9 WHERE mall_id = {0} AND period_code = '2023-S2'", app.Ids["35.17"].Mall);
        }

        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IndexJob>().RunAsync(["2023-S2"], false, CancellationToken.None);
            var run = await IndexJob.LatestAsync(app.Db(scope));
            Assert.Equal(JobRunStatus.PartlyFailed, run!.Status);
            Assert.Contains("2023-S2 35.17", run.Message, StringComparison.Ordinal);
        }
        Assert.Null(await ResultAsync("2023-S2", UnitKind.Mall, "35.17"));
        var bima = (await ResultAsync("2023-S2", UnitKind.Mall, "52.72"))!;
        Assert.Equal(2, bima.Respondents);
        Assert.Equal(87.50m, bima.Converted);
        await using (var scope = app.Scope())
        {
            var workbook = await new MallWorkbookLoader(app.Db(scope)).LoadAsync("52.72", "2023-S2");
            Assert.Equal(2, workbook!.Respondents.Count);
        }
    }

    [Fact]
    public async Task Every_surface_of_a_period_shows_the_n_of_one_computation_and_when_it_was_made()
    {
        await AddAsync("35.17", "2024-S1", [AllThree, AllThree, AllThree], gender: Gender.Female);
        await NightlyAsync();
        // A response after the run: no surface may count it before the next run.
        await AddAsync("35.17", "2024-S1", [[4, 4, 4, 4, 4, 4, 4, 4, 4]], gender: Gender.Male);

        await AssertAllShowAsync(3, provisional: true);

        // Closed and published (no run yet): the open data shows the same snapshot too.
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            await db.Surveys.Where(s => s.MallId == app.Ids["35.17"].Mall && s.PeriodCode == "2024-S1")
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, DateTimeOffset.UtcNow).SetProperty(s => s.PublishedAt, DateTimeOffset.UtcNow));
            var open = (await new PublishedResults(db).ForMallAsync("35.17"))!.Periods.Single(p => p.PeriodCode == "2024-S1");
            Assert.Equal(3, open.Respondents);
            Assert.Equal((await ResultAsync("2024-S1", UnitKind.Mall, "35.17"))!.ComputedAt, open.ComputedAt);
        }

        await NightlyAsync();
        await AssertAllShowAsync(4, provisional: false);
        await using (var scope = app.Scope())
        {
            Assert.Equal(4, (await new PublishedResults(app.Db(scope)).ForMallAsync("35.17"))!.Periods.Single(p => p.PeriodCode == "2024-S1").Respondents);
        }
    }

    private async Task AssertAllShowAsync(int n, bool provisional)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var stored = (await ResultAsync("2024-S1", UnitKind.Mall, "35.17"))!;
        var dashboard = (await new MallDashboardQuery(db).LoadAsync("35.17", "2024-S1"))!;
        var workbook = (await new MallWorkbookLoader(db).LoadAsync("35.17", "2024-S1"))!;
        var national = (await new NationalWorkbookLoader(db).LoadAsync("2024-S1"))!;

        Assert.Equal(n, dashboard.Current!.Respondents);
        Assert.Equal(n, dashboard.Profile.Total);
        Assert.Equal(n, workbook.Respondents.Count);
        Assert.Equal(n, workbook.Profile.Gender.Sum(g => g.Count));
        Assert.Equal(n, national.Malls.Single(m => m.RegencyCode == "35.17").Respondents);
        Assert.Equal(stored.Converted, dashboard.Current.Converted);
        var zone = await db.Malls.Where(m => m.RegencyCode == "35.17").Select(m => m.TimeZone).SingleAsync();
        Assert.Equal(SnapshotTime.Format(stored.ComputedAt, zone, System.Globalization.CultureInfo.GetCultureInfo("id-ID")), workbook.Snapshot!.ComputedAt);
        Assert.Equal(provisional, workbook.Snapshot.Provisional);
        Assert.Equal(provisional, dashboard.Provisional);
        Assert.NotNull(dashboard.ComputedAt);
    }

    [Fact]
    public async Task Index_falling_from_75_00_to_67_59_with_heavy_blanks_is_a_significant_fall_on_dashboard_and_workbook()
    {
        // Respondents' mean answers rise (75.00 -> 89.81, Welch t = 9.1) while the official index falls.
        await AddAsync("35.17", "2021-S1", Repeat(60, AllThree).Concat(Repeat(20, [3, 3, 3, 3, 3, 3, 3, 3, 2])).Concat(Repeat(20, [4, 3, 3, 3, 3, 3, 3, 3, 3])));
        await AddAsync("35.17", "2021-S2", Repeat(90, [4, 4, 4, 4, null, null, null, null, null])
            .Concat(Repeat(20, [3, 3, 3, 3, 2, 2, 2, 2, 2])).Concat(Repeat(10, [3, 3, 3, 3, 1, 2, 2, 2, 1])));
        await using var scope = app.Scope();
        var db = app.Db(scope);
        await new RecomputeIndices(db).RunAsync(["2021-S1", "2021-S2"]);

        var dashboard = (await new MallDashboardQuery(db).LoadAsync("35.17", "2021-S2"))!;
        var workbook = (await new MallWorkbookLoader(db).LoadAsync("35.17", "2021-S2"))!;

        Assert.Equal((75.00m, 67.59m), (dashboard.Current!.PreviousConverted!.Value, dashboard.Current.Converted));
        Assert.Equal(nameof(ChangeVerdict.SignificantFall), dashboard.Current.ChangeVerdict);
        Assert.Equal(ChangeVerdict.SignificantFall, workbook.Change!.Verdict);
        Assert.True(dashboard.Current.CiLow < 67.59 && 67.59 < dashboard.Current.CiHigh);
    }

    [Fact]
    public async Task A_service_counted_under_no_agency_fails_only_its_MPP_and_its_workbook_never_throws_a_duplicate_key()
    {
        await AddAsync("35.17", "2020-S1", [AllThree, AllThree, AllThree]);
        await AddAsync("52.72", "2020-S1", [AllThree]);
        await using (var scope = app.Scope())
        {
            // The stored form of the old API defect: a service's response without its agency. The schema
            // refuses such a row now (ck_responses_service_has_agency), so the check is lifted for this one
            // row and put back NOT VALID, as a database restored from before the fix could hold it.
            var db = app.Db(scope);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("SET LOCAL session_replication_role = replica");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE responses DROP CONSTRAINT ck_responses_service_has_agency");
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE responses SET agency_id = NULL WHERE id = (SELECT id FROM responses WHERE mall_id = {0} AND period_code = '2020-S1' AND service_id IS NOT NULL LIMIT 1)", app.Ids["35.17"].Mall);
            await db.Database.ExecuteSqlRawAsync(
                "ALTER TABLE responses ADD CONSTRAINT ck_responses_service_has_agency CHECK (service_id IS NULL OR agency_id IS NOT NULL) NOT VALID");
            await transaction.CommitAsync();
        }

        RecomputeIndices.Outcome outcome;
        await using (var scope = app.Scope())
        {
            outcome = await new RecomputeIndices(app.Db(scope)).RunAsync(["2020-S1"]);
        }

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("35.17", failure.RegencyCode);
        Assert.Contains("Two results", failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await ResultAsync("2020-S1", UnitKind.Mall, "52.72"))!.Respondents);
        Assert.Equal(4, (await ResultAsync("2020-S1", UnitKind.National, "ID"))!.Respondents);
        await using (var scope = app.Scope())
        {
            Assert.Null(await new MallWorkbookLoader(app.Db(scope)).LoadAsync("35.17", "2020-S1"));
        }
    }

    [Fact]
    public async Task A_workbook_whose_snapshot_no_longer_matches_its_responses_shows_a_page_saying_it_is_being_updated()
    {
        await AddAsync("52.72", "2020-S2", [AllThree, AllThree]);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            await new RecomputeIndices(db).RunAsync(["2020-S2"]);
            // Re-flagged after the run (as reopening a period does to late responses): one response leaves the count.
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE responses SET flags = 1 WHERE id = (SELECT id FROM responses WHERE mall_id = {0} AND period_code = '2020-S2' LIMIT 1)", app.Ids["52.72"].Mall);
        }
        var client = await LoginClient.SignedInAsync(app, "deputi@uji.test", Password);

        var download = await client.GetAsync("/laporan/52.72/2020-S2.xlsx");

        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.Equal("/laporan/diperbarui?periode=2020-S2", download.Headers.Location!.OriginalString);
        var page = await client.GetAsync(download.Headers.Location);
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("Angka periode 2020-S2 untuk MPP ini sudah berubah", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The next run takes the change in; the workbook follows.
        await using (var scope = app.Scope())
        {
            await new RecomputeIndices(app.Db(scope)).RunAsync(["2020-S2"]);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/laporan/52.72/2020-S2.xlsx")).StatusCode);
    }

    private static IEnumerable<int?[]> Repeat(int count, int?[] answers) => Enumerable.Repeat(answers, count);
}
