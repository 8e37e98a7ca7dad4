using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using MppSurvey.Core.Reporting;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Logging;

/// <summary>
/// The operations log as the IT office reads it (JSON lines from the console formatter): one line per
/// response accepted or refused, per job run, per failed sign-in and lockout; each with the correlation
/// id of its request or job run; never the visitor's address, answers or text, never a typed e-mail or password.
/// </summary>
public sealed class OperationsLogTests(LoggingFixture app, ITestOutputHelper output) : IClassFixture<LoggingFixture>
{
    private const string VisitorAddress = "203.0.113.77";
    private const string Suggestion = "Ruang tunggu panas sekali, Bu Siti ramah.";

    private static string HeaderId(HttpResponseMessage response) => response.Headers.GetValues("X-Correlation-Id").Single();

    private async Task<HttpResponseMessage> SubmitAsync(JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiCalls.Path) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", VisitorAddress);
        return await app.CreateClient().SendAsync(request);
    }

    [Fact]
    public void Outside_Development_the_console_writes_JSON_lines_with_scopes_and_UTC_times()
    {
        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
    }

    [Fact]
    public async Task One_visitor_submission_logs_one_accepted_line_with_its_correlation_id_and_nothing_of_the_visitor()
    {
        var id = Guid.NewGuid();
        var body = ApiCalls.ValidBody(app, id);
        body["suggestion"] = Suggestion;

        var response = await SubmitAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var correlation = HeaderId(response);
        var lines = app.Log.Events(1000).Where(e => CapturedLog.CorrelationIdOf(e.Json) == correlation).ToList();
        var (line, json) = Assert.Single(lines);
        output.WriteLine(line);
        var stored = await app.StoredAsync(id);
        Assert.Equal("qr", CapturedLog.State(json, "Channel"));
        Assert.Equal(ApiFixture.Regency, CapturedLog.State(json, "RegencyCode"));
        Assert.Equal(stored!.SurveyId.ToString(System.Globalization.CultureInfo.InvariantCulture), CapturedLog.State(json, "SurveyId"));
        Assert.Equal("False", CapturedLog.State(json, "Replay"));
        Assert.Matches("^[0-9a-f]{32}$", correlation);
        // ISO 8601 in UTC whatever the request's culture (Indonesian writes times as 09.34.26).
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", json.GetProperty("Timestamp").GetString());
        // Nothing of the visitor in any line of the request: not the address, the response id, the text, the profile.
        foreach (var any in app.Log.Lines.Where(l => l.Contains(correlation, StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(VisitorAddress, any);
            Assert.DoesNotContain(id.ToString(), any, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Ruang tunggu", any);
            Assert.DoesNotContain("Swasta", any);
            Assert.DoesNotContain("\"U1\"", any);
        }
        Assert.DoesNotContain("answers", line, StringComparison.OrdinalIgnoreCase);

        // A replay of the same id is accepted again and logged as a replay.
        var replay = await SubmitAsync(body);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var again = Assert.Single(app.Log.Events(1000), e => CapturedLog.CorrelationIdOf(e.Json) == HeaderId(replay));
        Assert.Equal("True", CapturedLog.State(again.Json, "Replay"));
    }

    [Fact]
    public async Task A_refused_submission_logs_its_reason_code_and_status_but_not_the_values_sent()
    {
        var body = ApiCalls.ValidBody(app);
        body["answers"]!["U3"] = 7;
        body["suggestion"] = Suggestion;

        var response = await SubmitAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (line, json) = Assert.Single(app.Log.Events(1001), e => CapturedLog.CorrelationIdOf(e.Json) == HeaderId(response));
        output.WriteLine(line);
        Assert.Equal("invalid", CapturedLog.State(json, "Reason"));
        Assert.Equal("400", CapturedLog.State(json, "Status"));
        Assert.Equal("Error_AnswerOutOfScale", CapturedLog.State(json, "ErrorCodes"));
        Assert.DoesNotContain("Ruang tunggu", line);
        Assert.DoesNotContain("U3", line);

        var kiosk = ApiCalls.ValidBody(app);
        kiosk["channel"] = "kiosk";
        var noToken = await SubmitAsync(kiosk);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        var refused = Assert.Single(app.Log.Events(1001), e => CapturedLog.CorrelationIdOf(e.Json) == HeaderId(noToken));
        Assert.Equal("kiosk_token_missing", CapturedLog.State(refused.Json, "Reason"));
        Assert.Equal("kiosk", CapturedLog.State(refused.Json, "Channel"));
    }

    [Fact]
    public async Task An_index_job_run_logs_its_start_and_its_end_with_units_MPPs_and_duration_under_one_run_id()
    {
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(ApiCalls.ValidBody(app))).StatusCode);

        await app.Services.GetRequiredService<IndexJob>().RunAsync([app.OpenPeriod], false, CancellationToken.None);

        await using var scope = app.Scope();
        var db = app.Db(scope);
        var run = await IndexJob.LatestAsync(db);
        var units = await db.IndexResults.CountAsync(r => r.PeriodCode == app.OpenPeriod);
        var started = Assert.Single(app.Log.Events(2000), e => CapturedLog.State(e.Json, "RunId") == run!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var finished = Assert.Single(app.Log.Events(2001), e => CapturedLog.State(e.Json, "RunId") == run!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine(started.Line);
        output.WriteLine(finished.Line);
        Assert.Equal(app.OpenPeriod, CapturedLog.State(started.Json, "Periods"));
        Assert.Equal("Succeeded", CapturedLog.State(finished.Json, "Status"));
        // One MPP (Jombang) with responses: national, province, MPP, agency and service units of the skm template,
        // and its one service model and channel, per MPP and nationally.
        Assert.Equal(9, units);
        Assert.Equal(units.ToString(System.Globalization.CultureInfo.InvariantCulture), CapturedLog.State(finished.Json, "Units"));
        Assert.Equal("1", CapturedLog.State(finished.Json, "Mpps"));
        Assert.Equal("1", CapturedLog.State(finished.Json, "PeriodCount"));
        Assert.True(long.Parse(CapturedLog.State(finished.Json, "DurationMs"), System.Globalization.CultureInfo.InvariantCulture) >= 0);
        var runId = CapturedLog.CorrelationIdOf(started.Json);
        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal(runId, CapturedLog.CorrelationIdOf(finished.Json));
    }

    [Fact]
    public async Task A_failed_sign_in_logs_the_user_id_and_reason_but_neither_the_typed_email_nor_the_password()
    {
        var userId = await app.NewUserAsync("gagal.log@akun.test");
        var client = LoginClient.Anonymous(app);

        var wrong = await LoginClient.PostLoginAsync(client, "gagal.log@akun.test", "Salah-Sandi-98765");
        var unknown = await LoginClient.PostLoginAsync(client, "siti.rahma@contoh.test", "Salah-Sandi-98765");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var (line, json) = Assert.Single(app.Log.Events(4000), e => CapturedLog.CorrelationIdOf(e.Json) == HeaderId(wrong));
        output.WriteLine(line);
        Assert.Equal(userId, CapturedLog.State(json, "UserId"));
        Assert.Equal("wrong_password", CapturedLog.State(json, "Reason"));
        var other = Assert.Single(app.Log.Events(4000), e => CapturedLog.CorrelationIdOf(e.Json) == HeaderId(unknown));
        output.WriteLine(other.Line);
        Assert.Equal("(unknown account)", CapturedLog.State(other.Json, "UserId"));
        Assert.Equal("unknown_account", CapturedLog.State(other.Json, "Reason"));
        foreach (var any in app.Log.Lines)
        {
            Assert.DoesNotContain("Salah-Sandi-98765", any);
            Assert.DoesNotContain("gagal.log@", any);
            Assert.DoesNotContain("siti.rahma", any);
        }
    }

    [Fact]
    public async Task The_fifth_wrong_password_logs_a_lockout_of_that_user()
    {
        var userId = await app.NewUserAsync("kunci.log@akun.test");
        var client = LoginClient.Anonymous(app);

        for (var i = 0; i < 5; i++)
        {
            await LoginClient.PostLoginAsync(client, "kunci.log@akun.test", "Salah-Sandi-" + i);
        }
        var locked = await LoginClient.PostLoginAsync(client, "kunci.log@akun.test", LoggingFixture.Password);

        var (line, json) = Assert.Single(app.Log.Events(4001), e => CapturedLog.State(e.Json, "UserId") == userId);
        output.WriteLine(line);
        Assert.Equal("5", CapturedLog.State(json, "Attempts"));
        Assert.Equal("15", CapturedLog.State(json, "LockoutMinutes"));
        // The right password during the lockout is refused as locked out.
        var refused = Assert.Single(app.Log.Events(4000), e => CapturedLog.CorrelationIdOf(e.Json) == HeaderId(locked));
        Assert.Equal("locked_out", CapturedLog.State(refused.Json, "Reason"));
        Assert.Equal(5, app.Log.Events(4000).Count(e => CapturedLog.State(e.Json, "UserId") == userId && CapturedLog.State(e.Json, "Reason") == "wrong_password"));
    }

    [Fact]
    public async Task Every_line_written_during_a_request_carries_the_requests_correlation_id()
    {
        var response = await SubmitAsync(ApiCalls.ValidBody(app));
        await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), "tidak.ada@akun.test", "Salah-Sandi-1");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var duringRequests = app.Log.Lines
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(j => j.TryGetProperty("Scopes", out var s) && s.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("RequestId", out _)))
            .ToList();

        Assert.NotEmpty(duringRequests);
        Assert.All(duringRequests, j =>
        {
            var id = CapturedLog.CorrelationIdOf(j);
            Assert.NotNull(id);
            // The same id as the trace id the host puts in the scope (and in X-Correlation-Id).
            var trace = j.GetProperty("Scopes").EnumerateArray().FirstOrDefault(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("TraceId", out _));
            if (trace.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(trace.GetProperty("TraceId").GetString(), id);
            }
        });
    }
}
