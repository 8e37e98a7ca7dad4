using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Logging;

/// <summary>Two QR requests per minute and the 20-second kiosk cooldown, with the log captured.</summary>
public sealed class LimitedLoggingFixture : ApiFixture
{
    protected override Dictionary<string, string> Settings => new()
    {
        ["Survey:RateLimit:PermitLimit"] = "2",
        ["Survey:RateLimit:KioskPermitLimit"] = "100",
        ["Survey:KioskCooldownSeconds"] = "20",
        ["Survey:Burst:MaxResponses"] = "100000",
        ["Survey:Burst:ClientMaxResponses"] = "0",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CapturedLog.AddTo(builder);
    }
}

/// <summary>The refusals an operator must be able to count and explain: the rate limit and the kiosk cooldown.</summary>
public sealed class RefusalLogTests(LimitedLoggingFixture app) : IClassFixture<LimitedLoggingFixture>
{
    [Fact]
    public async Task Past_the_rate_limit_and_within_a_kiosks_cooldown_the_refusal_is_logged_with_its_request()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app))).StatusCode);
        }
        var limited = await ApiCalls.PostAsync(client, ApiCalls.ValidBody(app));

        var kiosk = ApiCalls.ValidBody(app);
        kiosk["channel"] = "kiosk";
        Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(client, kiosk, app.KioskToken)).StatusCode);
        var second = ApiCalls.ValidBody(app);
        second["channel"] = "kiosk";
        var cooling = await ApiCalls.PostAsync(client, second, app.KioskToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, cooling.StatusCode);
        var log = CapturedLog.Of(app.Services);
        var rate = Assert.Single(log.Events(1003));
        Assert.Equal(limited.Headers.GetValues("X-Correlation-Id").Single(), CapturedLog.CorrelationIdOf(rate.Json));
        Assert.Equal("client", CapturedLog.State(rate.Json, "Budget"));
        var cooldown = Assert.Single(log.Events(1002));
        Assert.Equal(cooling.Headers.GetValues("X-Correlation-Id").Single(), CapturedLog.CorrelationIdOf(cooldown.Json));
        Assert.Equal(app.KioskId.ToString(CultureInfo.InvariantCulture), CapturedLog.State(cooldown.Json, "KioskId"));
        Assert.InRange(int.Parse(CapturedLog.State(cooldown.Json, "RetryAfterSeconds"), CultureInfo.InvariantCulture), 1, 20);
        Assert.All(log.Lines, l => Assert.DoesNotContain(app.KioskToken, l, StringComparison.Ordinal));
    }
}

/// <summary>
/// Staff actions as the IT office's log shows them: kiosk enrolment and revocation, historic imports, the
/// period lifecycle; each naming the MPP and the acting user's id, never a code, token, e-mail or cell value.
/// </summary>
public sealed partial class StaffActionsLogTests(LoggingFixture app) : IClassFixture<LoggingFixture>
{
    private const string ThreeRows = "No;U1;U2;U3;U4;U5;U6;U7;U8;U9\n1;4;4;4;4;4;4;4;3;4\n2;4;3;3;4;4;4;4;4;3\n3;3;4;3;4;3;4;4;3;4\n";

    [GeneratedRegex("<strong id=\"enrolment-code\">([A-Z0-9]{4}-[A-Z0-9]{4})</strong>")]
    private static partial Regex CodePattern();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, path.Split('?')[0]);
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Enrolment_code_redemption_and_revocation_are_each_logged_once_without_the_code_or_the_token()
    {
        var admin = await LoginClient.SignedInAsync(app, LoggingFixture.MppAdmin, LoggingFixture.Password);

        var enrol = await PostAsync(admin, "/Admin/Kiosks?handler=Enrol", new() { ["Name"] = "Kios log" });
        var code = CodePattern().Match(await enrol.Content.ReadAsStringAsync()).Groups[1].Value;
        var typed = await PostAsync(LoginClient.Anonymous(app), "/kios", new() { ["Code"] = code });
        var wrong = await PostAsync(LoginClient.Anonymous(app), "/kios", new() { ["Code"] = code });
        int kioskId;
        await using (var scope = app.Scope())
        {
            kioskId = (await app.Db(scope).Kiosks.SingleAsync(k => k.Name == "Kios log")).Id;
        }
        var revoke = await PostAsync(admin, "/Admin/Kiosks?handler=Revoke", new() { ["KioskId"] = kioskId.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var log = CapturedLog.Of(app.Services);
        var id = kioskId.ToString(CultureInfo.InvariantCulture);
        var issued = Assert.Single(log.Events(1100), e => CapturedLog.State(e.Json, "KioskId") == id);
        Assert.Equal(app.MppAdminId, CapturedLog.State(issued.Json, "UserId"));
        Assert.Equal(ApiFixture.Regency, CapturedLog.State(issued.Json, "RegencyCode"));
        Assert.Equal("True", CapturedLog.State(issued.Json, "NewKiosk"));
        Assert.Single(log.Events(1101), e => CapturedLog.State(e.Json, "KioskId") == id);
        Assert.Single(log.Events(1102), e => CapturedLog.CorrelationIdOf(e.Json) == wrong.Headers.GetValues("X-Correlation-Id").Single());
        var revoked = Assert.Single(log.Events(1103), e => CapturedLog.State(e.Json, "KioskId") == id);
        Assert.Equal(app.MppAdminId, CapturedLog.State(revoked.Json, "UserId"));
        var token = typed.Headers.Location!.OriginalString.Split("#token=")[1];
        Assert.All(log.Lines, l =>
        {
            Assert.DoesNotContain(code, l, StringComparison.Ordinal);
            Assert.DoesNotContain(token, l, StringComparison.Ordinal);
            Assert.DoesNotContain(LoggingFixture.MppAdmin, l, StringComparison.Ordinal);
        });
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string period, string csv)
    {
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Import");
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(period), "PeriodCode" },
            { file, "Upload", "Daftar hadir Bu Siti.csv" },
        };
        return await client.PostAsync("/Admin/Import", form);
    }

    [Fact]
    public async Task A_historic_import_logs_its_rows_or_its_refusal_and_reopening_and_closing_its_period_log_who_did_it()
    {
        var mppAdmin = await LoginClient.SignedInAsync(app, LoggingFixture.MppAdmin, LoggingFixture.Password);

        var imported = await UploadAsync(mppAdmin, "2022-S1", ThreeRows);
        var refused = await UploadAsync(mppAdmin, "2022-S1", ThreeRows.Replace("U4;", "X4;", StringComparison.Ordinal));
        // An imported period is stored closed: the Administrator reopens it, the MPP admin closes it again.
        var admin = await LoginClient.SignedInAsync(app, LoggingFixture.Admin, LoggingFixture.Password);
        var reopen = await Public.PublicResultsFixture.PeriodActionAsync(admin, "Reopen", ApiFixture.Regency, "2022-S1", new KeyValuePair<string, string>("Reason", "Salah tutup, kata Pak Budi"));
        var close = await Public.PublicResultsFixture.PeriodActionAsync(mppAdmin, "Close", ApiFixture.Regency, "2022-S1");

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);
        var log = CapturedLog.Of(app.Services);
        var accepted = Assert.Single(log.Events(1200), e => CapturedLog.CorrelationIdOf(e.Json) == imported.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal("3", CapturedLog.State(accepted.Json, "Rows"));
        Assert.Equal("True", CapturedLog.State(accepted.Json, "Stored"));
        Assert.Equal("2022-S1", CapturedLog.State(accepted.Json, "PeriodCode"));
        Assert.Equal(app.MppAdminId, CapturedLog.State(accepted.Json, "UserId"));
        var refusal = Assert.Single(log.Events(1201), e => CapturedLog.CorrelationIdOf(e.Json) == refused.Headers.GetValues("X-Correlation-Id").Single());
        Assert.StartsWith("Import_", CapturedLog.State(refusal.Json, "Reason"), StringComparison.Ordinal);
        var closed = Assert.Single(log.Events(3000), e => CapturedLog.State(e.Json, "PeriodCode") == "2022-S1");
        Assert.Equal(ApiFixture.Regency, CapturedLog.State(closed.Json, "RegencyCode"));
        Assert.Equal(app.MppAdminId, CapturedLog.State(closed.Json, "UserId"));
        Assert.Equal("1", CapturedLog.State(closed.Json, "Surveys"));
        var reopened = Assert.Single(log.Events(3001), e => CapturedLog.State(e.Json, "PeriodCode") == "2022-S1");
        Assert.NotEqual(app.MppAdminId, CapturedLog.State(reopened.Json, "UserId"));
        Assert.All(log.Lines, l =>
        {
            Assert.DoesNotContain("Bu Siti", l, StringComparison.Ordinal);
            Assert.DoesNotContain("Pak Budi", l, StringComparison.Ordinal);
            Assert.DoesNotContain(LoggingFixture.Admin, l, StringComparison.Ordinal);
        });
    }
}
