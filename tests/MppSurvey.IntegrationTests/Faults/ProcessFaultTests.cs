using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Reporting;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Hosting;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Faults;

/// <summary>
/// Fault tests with the real binary: the app killed (SIGKILL) in the middle of the index
/// job, and two app instances on one database, the way MppSurvey scales out (README, Scaling out).
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    /// <summary>Short timeouts so a job left by a killed process is taken over in seconds, not minutes.</summary>
    private static readonly Dictionary<string, string> QuickRecovery = new()
    {
        ["Jobs:InvisibilityTimeoutSeconds"] = "3",
        ["Jobs:LockTimeoutSeconds"] = "3",
        ["Jobs:SchedulePollingSeconds"] = "1",
    };

    private static MppSurveyDbContext Db(string connectionString) =>
        new(new DbContextOptionsBuilder<MppSurveyDbContext>().UseNpgsql(connectionString).Options);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Everything a reader sees of the results, without the ids and times of the run that wrote them.</summary>
    private static async Task<List<string>> ResultsAsync(string connectionString)
    {
        await using var db = Db(connectionString);
        var rows = await db.IndexResults.AsNoTracking().ToListAsync();
        return rows
            .Select(r => string.Join('|', r.PeriodCode, r.TemplateCode, r.UnitKind, r.UnitKey, r.Respondents,
                r.Ikm.ToString(CultureInfo.InvariantCulture), r.Converted.ToString(CultureInfo.InvariantCulture), r.Grade,
                string.Join(',', r.ElementAnswered), string.Join(',', r.ElementSums), r.SampleTarget, r.PreviousConverted, r.ChangeVerdict))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<HttpClient> SignInAsync(string baseUrl, CookieContainer cookies, string email)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = DemoSeeder.Password,
            ["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Login"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task The_app_killed_during_the_index_job_finishes_it_on_restart_with_the_results_of_an_uninterrupted_run_and_never_serves_a_partial_workbook()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            // The demo data (about 90,000 responses over six semesters); seeding it queues the index job.
            var first = await AppProcess.StartAsync(connectionString, new Dictionary<string, string>(QuickRecovery)
            {
                // Demo data is refused in Production; the suite's Testing environment takes it.
                ["ASPNETCORE_ENVIRONMENT"] = DemoOptions.TestingEnvironment,
                ["Demo:Seed"] = "true",
                ["Demo:Scale"] = "0.1",
            });
            var killedAt = DateTime.UtcNow.AddMinutes(2);
            await using (first)
            {
                while (await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM job_runs WHERE kind = '{RecomputeIndices.JobKind}' AND status = {(int)JobRunStatus.Running}") == 0)
                {
                    Assert.True(DateTime.UtcNow < killedAt, "the index job never started:\n" + first.Output);
                    await Task.Delay(20);
                }
                first.Kill();
            }
            output.WriteLine("Killed the app while the index job was running.");
            Assert.Equal(0L, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM index_results"));
            Assert.Equal(0L, await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM job_runs WHERE kind = '{RecomputeIndices.JobKind}' AND status = {(int)JobRunStatus.Succeeded}"));

            await using var second = await AppProcess.StartAsync(connectionString, QuickRecovery);
            var cookies = new CookieContainer();
            using var head = await SignInAsync(second.BaseUrl, cookies, "bupati.jombang@mppsurvey.test");
            var period = await ScalarAsync<string>(connectionString, "SELECT max(period_code) FROM surveys");
            int complete = 0, absent = 0;
            var until = DateTime.UtcNow.AddSeconds(90);
            // Hangfire hands the job to the new process; meanwhile the regional head keeps downloading
            // the workbook that the job chain writes after the indices: absent, or whole, never cut.
            while (true)
            {
                using var download = await head.GetAsync($"/laporan/35.17/{period}.xlsx");
                if (download.StatusCode == HttpStatusCode.OK)
                {
                    var bytes = await download.Content.ReadAsByteArrayAsync();
                    Assert.Equal(download.Content.Headers.ContentLength, bytes.Length);
                    using var workbook = new XLWorkbook(new MemoryStream(bytes));
                    Assert.Contains(workbook.Worksheets, w => w.Name.StartsWith("Pengolahan", StringComparison.Ordinal));
                    complete++;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
                    absent++;
                }
                var states = await ScalarAsync<string>(connectionString,
                    "SELECT coalesce(string_agg(DISTINCT statename, ','), '') FROM hangfire.job WHERE invocationdata::text LIKE '%IndexJob%'");
                if (states == "Succeeded" && complete >= 10)
                {
                    break;
                }
                Assert.True(DateTime.UtcNow < until, $"index job states '{states}', {complete} workbooks downloaded:\n{second.Output}");
                await Task.Delay(250);
            }
            output.WriteLine($"Downloads: {complete} complete workbooks, {absent} not there yet, none partial.");

            // The run the kill cut off is marked so, and the retried run succeeded.
            await using (var db = Db(connectionString))
            {
                var runs = await db.JobRuns.AsNoTracking().Where(r => r.Kind == RecomputeIndices.JobKind).OrderBy(r => r.StartedAt).ToListAsync();
                Assert.Equal(JobRunStatus.Failed, runs[0].Status);
                Assert.StartsWith("Interrupted", runs[0].Message, StringComparison.Ordinal);
                Assert.Equal(JobRunStatus.Succeeded, runs[^1].Status);
            }
            var afterRetry = await ResultsAsync(connectionString);
            Assert.NotEmpty(afterRetry);

            // An uninterrupted run over the same rows gives the very same results.
            await using (var db = Db(connectionString))
            {
                // Every computed period again, explicitly: the retried run has cleared the change marks.
                var periods = await db.IndexResults.Select(r => r.PeriodCode).Distinct().ToListAsync();
                await new RecomputeIndices(db).RunAsync(periods);
            }
            Assert.Equal(afterRetry, await ResultsAsync(connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static JsonObject Body(Guid id) => new()
    {
        ["id"] = id.ToString(),
        ["regencyCode"] = "35.17",
        ["template"] = "skm",
        ["channel"] = "qr",
        ["submittedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        ["answers"] = new JsonObject { ["U1"] = 4, ["U2"] = 3, ["U3"] = 3, ["U4"] = 4, ["U5"] = 2, ["U6"] = 4, ["U7"] = 3, ["U8"] = 3, ["U9"] = 3 },
    };

    [Fact]
    public async Task Two_instances_on_one_database_share_responses_and_logins_and_run_each_recurring_occurrence_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        try
        {
            // Both start at once on an empty database: start-up takes turns (migrations, seeding).
            var settings = new Dictionary<string, string>(QuickRecovery)
            {
                // Demo data is refused in Production; the suite's Testing environment takes it.
                ["ASPNETCORE_ENVIRONMENT"] = DemoOptions.TestingEnvironment,
                ["Demo:Seed"] = "true",
                ["Demo:Scale"] = "0.002",
                // The nightly index job every five seconds, so a few occurrences fall within the test.
                ["Jobs:IndicesCron"] = "*/5 * * * * *",
            };
            var starting = new[] { AppProcess.StartAsync(connectionString, settings), AppProcess.StartAsync(connectionString, settings) };
            await Task.WhenAll(starting.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await using var a = await starting[0];
            await using var b = await starting[1];
            var startedAt = DateTimeOffset.UtcNow;

            // A response sent to one instance is known to the other: the retry there is a repeat (200).
            using var anonymous = new HttpClient();
            var first = Guid.NewGuid();
            var second = Guid.NewGuid();
            Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync(a.BaseUrl + "/api/v1/responses", Body(first))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync(b.BaseUrl + "/api/v1/responses", Body(first))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync(b.BaseUrl + "/api/v1/responses", Body(second))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync(a.BaseUrl + "/api/v1/responses", Body(second))).StatusCode);
            Assert.Equal(2L, await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM responses WHERE id IN ('{first}', '{second}')"));

            // Signed in through A, the same cookie is good on B (data-protection keys in the database).
            var cookies = new CookieContainer();
            using var viaA = await SignInAsync(a.BaseUrl, cookies, "admin@mppsurvey.test");
            using var viaB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(b.BaseUrl) };
            var me = await viaB.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("admin@mppsurvey.test", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Let the recurring job come round several times with both instances' schedulers polling.
            await Task.Delay(TimeSpan.FromSeconds(17));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT t.value, count(*)
                FROM hangfire.jobparameter r
                JOIN hangfire.jobparameter t ON t.jobid = r.jobid AND t.name = 'Time'
                WHERE r.name = 'RecurringJobId' AND r.value LIKE '%recompute-indices-nightly%'
                GROUP BY t.value
                """, connection);
            var occurrences = new List<(string Time, long Jobs)>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    occurrences.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }
            output.WriteLine("Recurring occurrences (time: jobs): " + string.Join(", ", occurrences.Select(o => $"{o.Time}: {o.Jobs}")));
            Assert.True(occurrences.Count >= 3, $"only {occurrences.Count} occurrences since {startedAt:T}:\n{a.Output}\n{b.Output}");
            Assert.All(occurrences, o => Assert.Equal(1, o.Jobs));
            var servers = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM hangfire.server");
            Assert.Equal(2, servers);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
