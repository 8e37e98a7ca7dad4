using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Public;

/// <summary>
/// Each test uses its own MPP and period so the order of the tests does not matter: 35.17 2025-S2 is
/// published, 35.17 2026-S1 stays open (the refused attempts), 52.72 2025-S2 gets a late response.
/// </summary>
public sealed class PublicResultsTests(PublicResultsFixture app) : IClassFixture<PublicResultsFixture>
{
    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    private async Task CloseAndPublishAsync(string email, string regency, string period)
    {
        var client = await app.SignedInAsync(email);
        if ((await app.SurveyAsync(regency, period)).ClosedAt is null)
        {
            var close = await PublicResultsFixture.PeriodActionAsync(client, "Close", regency, period);
            Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
            // Publishing waits for the recomputation that closing queued.
            await app.WaitForRecomputeAsync(regency, period, (await app.SurveyAsync(regency, period)).ClosedAt!.Value);
        }
        if ((await app.SurveyAsync(regency, period)).PublishedAt is null)
        {
            var publish = await PublicResultsFixture.PeriodActionAsync(client, "Publish", regency, period);
            Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        }
    }

    [Fact]
    public async Task An_anonymous_visitor_sees_a_published_period_on_the_page_and_in_the_JSON_but_never_an_unpublished_one()
    {
        await CloseAndPublishAsync("mpp@uji.test", "35.17", "2025-S2");
        var stored = await app.MallResultAsync("35.17", "2025-S2");
        var anonymous = LoginClient.Anonymous(app);

        var page = await anonymous.GetAsync("/publik/35.17");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"periode-2025-S2\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-S1", html, StringComparison.Ordinal);
        // Indonesian numbers: decimal comma. U3 was 2 for everyone: 50,00.
        Assert.Contains(stored.Converted.ToString("0.00", Indonesian), PublicResultsFixture.Text(html), StringComparison.Ordinal);
        Assert.Contains("50,00", html, StringComparison.Ordinal);

        var json = await anonymous.GetAsync("/api/v1/publik/35.17");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("*", json.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("max-age", json.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            var periods = doc.RootElement.GetProperty("periods").EnumerateArray().ToList();
            var only = Assert.Single(periods);
            Assert.Equal("2025-S2", only.GetProperty("period").GetString());
            Assert.Equal(stored.Converted, only.GetProperty("index").GetDecimal());
            Assert.Equal(stored.Grade, only.GetProperty("grade").GetString());
            Assert.Equal(20, only.GetProperty("respondents").GetInt32());
            var u3 = only.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("code").GetString() == "U3");
            Assert.Equal(50m, u3.GetProperty("converted").GetDecimal());
            // Elements carry their names, so an open-data reader needs no code list.
            Assert.Equal("Waktu Penyelesaian", u3.GetProperty("name").GetString());
            Assert.Equal("Completion time", u3.GetProperty("nameEn").GetString());
            // The interval is rounded to two decimals like the index (half away from zero), as text in the JSON too.
            var low = only.GetProperty("ciLow");
            Assert.Equal(Math.Round((decimal)stored.CiLow!.Value, 2, MidpointRounding.AwayFromZero), low.GetDecimal());
            Assert.Matches("^\\d+(\\.\\d{1,2})?$", low.GetRawText());
            Assert.Matches("^\\d+(\\.\\d{1,2})?$", only.GetProperty("ciHigh").GetRawText());
        }

        // Kota Bima published nothing: its page and its JSON show no period at all.
        var bima = await anonymous.GetStringAsync("/publik/52.72");
        Assert.Contains("id=\"no-periods\"", bima, StringComparison.Ordinal);
        Assert.DoesNotContain("periode-2025-S2", bima, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/publik/52.72")))
        {
            Assert.Empty(doc.RootElement.GetProperty("periods").EnumerateArray());
        }
        using (var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/publik")))
        {
            var malls = doc.RootElement.EnumerateArray().ToList();
            Assert.DoesNotContain(malls, m => m.GetProperty("regency").GetString() == "52.72");
            var jombang = malls.Single(m => m.GetProperty("regency").GetString() == "35.17");
            Assert.All(jombang.GetProperty("periods").EnumerateArray(), p => Assert.NotEqual("2026-S1", p.GetProperty("period").GetString()));
        }
        // The poster asks for the unpublished period and gets the published one instead.
        var poster = await anonymous.GetStringAsync("/publik/35.17/poster?periode=2026-S1");
        // Its A4 print styles are a stylesheet of its own: the CSP allows no inline <style>.
        Assert.Contains("href=\"/css/poster.css?v=", poster, StringComparison.Ordinal);
        Assert.Contains("size: A4", await anonymous.GetStringAsync("/css/poster.css"), StringComparison.Ordinal);
        Assert.Contains("Periode 2025-S2", poster, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-S1", poster, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/publik/99.99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/publik/99.99")).StatusCode);
    }

    [Fact]
    public async Task The_list_by_province_and_the_poster_QR_code_are_public()
    {
        var anonymous = LoginClient.Anonymous(app);

        var list = await anonymous.GetStringAsync("/publik");
        Assert.Contains("href=\"/publik/35.17\"", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/publik/52.72\"", list, StringComparison.Ordinal);
        Assert.Contains("Jawa Timur", PublicResultsFixture.Text(list), StringComparison.OrdinalIgnoreCase);

        var qr = await anonymous.GetAsync("/publik/35.17/poster?handler=Qr");
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", (await qr.Content.ReadAsStringAsync()).TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_an_open_period_is_refused_until_it_is_closed()
    {
        var client = await app.SignedInAsync("deputi@uji.test");

        var publish = await PublicResultsFixture.PeriodActionAsync(client, "Publish", "52.72", "2026-S1");

        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Contains("id=\"period-error\"", await publish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await app.SurveyAsync("52.72", "2026-S1")).PublishedAt);
    }

    [Theory]
    [InlineData("mpp.bima@uji.test")]
    [InlineData("bupati@uji.test")]
    public async Task Only_the_MPPs_own_admin_or_the_ministry_may_close_or_publish_its_period(string email)
    {
        var client = await app.SignedInAsync(email);

        var page = await client.GetAsync("/Admin/Periode?mpp=35.17");
        PublicResultsFixture.AssertRefused(page);
        // A regional head cannot even fetch the form; reuse the home page's token for the direct post.
        var formPage = email.StartsWith("bupati", StringComparison.Ordinal) ? "/" : "/Admin/Periode";
        var close = await PublicResultsFixture.PostFormAsync(client, formPage, "/Admin/Periode?handler=Close", [new("mpp", "35.17"), new("PeriodCode", "2026-S1"), new("Confirmed", "true")]);
        PublicResultsFixture.AssertRefused(close);
        var publish = await PublicResultsFixture.PostFormAsync(client, formPage, "/Admin/Periode?handler=Publish", [new("mpp", "35.17"), new("PeriodCode", "2026-S1"), new("Confirmed", "true")]);
        PublicResultsFixture.AssertRefused(publish);

        var survey = await app.SurveyAsync("35.17", "2026-S1");
        Assert.Null(survey.ClosedAt);
        Assert.Null(survey.PublishedAt);
    }

    [Fact]
    public async Task A_late_response_after_closing_leaves_the_published_index_unchanged_and_shows_as_a_late_amendment()
    {
        await CloseAndPublishAsync("mpp.bima@uji.test", "52.72", "2025-S2");
        var frozen = await app.MallResultAsync("52.72", "2025-S2");
        var anonymous = LoginClient.Anonymous(app);
        var before = await anonymous.GetStringAsync("/api/v1/publik/52.72");

        // An offline queue delivers a response of the closed period: all ones would pull the index down.
        await using (var scope = app.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ResponseRecorder>().RecordAsync(new ResponseSubmission
            {
                Id = Guid.NewGuid(), RegencyCode = "52.72", ServiceId = app.ServiceIds["52.72"], Channel = ResponseChannel.QrPhone,
                SubmittedAt = new DateTimeOffset(2025, 12, 20, 10, 0, 0, TimeSpan.FromHours(8)),
                Answers = Enumerable.Range(1, 9).ToDictionary(i => "U" + i.ToString(CultureInfo.InvariantCulture), _ => (int?)1),
            });
            Assert.Equal(RecordOutcome.Created, result.Outcome);
            var stored = await app.Db(scope).Responses.AsNoTracking().SingleAsync(r => r.Id == result.Id);
            Assert.True(stored.Flags.HasFlag(ResponseFlags.Late));
            // The index job runs again (as the nightly run or a recompute of the period would).
            await new RecomputeIndices(app.Db(scope)).RunAsync(["2025-S2"]);
        }

        var after = await app.MallResultAsync("52.72", "2025-S2");
        Assert.Equal(frozen.Converted, after.Converted);
        Assert.Equal(frozen.Respondents, after.Respondents);
        Assert.Equal(frozen.ElementSums, after.ElementSums);
        using (var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/publik/52.72")))
        {
            var period = doc.RootElement.GetProperty("periods").EnumerateArray().Single();
            Assert.Equal(frozen.Converted, period.GetProperty("index").GetDecimal());
            Assert.Equal(1, period.GetProperty("lateResponses").GetInt32());
        }
        using (var doc = JsonDocument.Parse(before))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("periods").EnumerateArray().Single().GetProperty("lateResponses").GetInt32());
        }
        var page = PublicResultsFixture.Text(await anonymous.GetStringAsync("/publik/52.72"));
        Assert.Contains("1 respons masuk setelah periode ditutup", page, StringComparison.Ordinal);
        var admin = await app.SignedInAsync("mpp.bima@uji.test");
        var periods = await admin.GetStringAsync("/Admin/Periode");
        Assert.Contains("id=\"row-2025-S2\"", periods, StringComparison.Ordinal);
    }
}
