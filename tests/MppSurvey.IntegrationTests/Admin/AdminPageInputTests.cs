using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.IntegrationTests.Infrastructure;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// /Admin/Indices (recompute), /Admin/Qr (codes of an MPP) and /Admin/Audit (the log) asked the two
/// questions: what does a hostile request do (another MPP in the query, ids of another MPP's
/// counters, a period with digits that are not ASCII, a missing token) and what does a careless
/// user do (an empty form, a page number typed by hand)? None of these writes a row; none may fail.
/// </summary>
[Collection(FormCollection.Name)]
public sealed class AdminPageInputTests(FormFixture app)
{
    [Theory]
    [InlineData("20\u0662\u0666-S1")]
    [InlineData("2026-S3")]
    [InlineData("<script>")]
    public async Task Hostile_recompute_of_a_period_that_is_not_one_is_refused_with_400(string period)
    {
        var client = await app.SignedInAsync(FormFixture.Admin);

        var response = await PostAsync(client, "/Admin/Indices", null, Of(("period", period)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Hostile_recompute_without_the_antiforgery_token_or_by_an_MPP_admin_is_refused()
    {
        var admin = await app.SignedInAsync(FormFixture.Admin);
        var mpp = await app.SignedInAsync(FormFixture.MppAdmin);

        var noToken = await PostAsync(admin, "/Admin/Indices", null, Of(("period", app.OpenPeriod)), withToken: false);
        var notAllowed = await mpp.PostAsync("/Admin/Indices", new FormUrlEncodedContent(
            Of(("period", app.OpenPeriod), ("__RequestVerificationToken", await LoginClient.AntiforgeryTokenAsync(mpp, "/Admin/Instansi")))));

        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, notAllowed.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", notAllowed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Careless_recompute_with_an_empty_form_queues_all_periods()
    {
        var client = await app.SignedInAsync(FormFixture.Admin);

        var response = await PostAsync(client, "/Admin/Indices", null, []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("queued=True", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/Admin/Qr?handler=Png&layanan={bimaService}", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Qr?handler=Png&instansi={bimaAgency}", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Qr?handler=Png&layanan=2147483647", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Qr?handler=Png&layanan=-1", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Qr?handler=Png&layanan=abc", HttpStatusCode.OK)]
    [InlineData("/Admin/Qr?handler=Png&layanan={service}", HttpStatusCode.OK)]
    public async Task Hostile_QR_codes_of_another_MPPs_counters_are_not_found(string url, HttpStatusCode expected)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await client.GetAsync(url.Replace("{bimaService}", Inv(app.BimaServiceId), StringComparison.Ordinal)
            .Replace("{bimaAgency}", Inv(app.OtherMallAgencyId), StringComparison.Ordinal).Replace("{service}", Inv(app.ServiceId), StringComparison.Ordinal));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/Admin/Qr?mpp=52.72")]
    [InlineData("/Admin/Qr?handler=Png&mpp=52.72")]
    [InlineData("/Admin/Instansi?mpp=52.72")]
    [InlineData("/Admin/Survei?mpp=52.72")]
    [InlineData("/Admin/TindakLanjut?mpp=52.72")]
    public async Task Hostile_another_MPP_in_the_query_is_refused_to_an_MPP_admin(string url)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("halaman=2147483647")]
    [InlineData("halaman=-5")]
    [InlineData("halaman=abc&mpp=abc")]
    [InlineData("aksi=%25_%5C&mpp=2147483647")]
    public async Task Careless_a_hand_typed_audit_page_or_filter_shows_the_page_not_an_error(string query)
    {
        var client = await app.SignedInAsync(FormFixture.Admin);
        var before = await app.DbAsync(db => db.AuditEntries.CountAsync());

        var response = await client.GetAsync("/Admin/Audit?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await app.DbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [InlineData("/Admin/Instansi", "AddAgency", "Name=Sisipan")]
    [InlineData("/Admin/Survei", "Start", "PeriodCode=2030")]
    [InlineData("/Admin/TindakLanjut", null, "Rows[0].ElementCode=U1&Rows[0].Action=Sisipan")]
    public async Task Hostile_a_form_posted_for_an_MPP_that_does_not_exist_is_not_found_and_writes_nothing(string page, string? handler, string fields)
    {
        var client = await app.SignedInAsync(FormFixture.Admin);
        var before = await RowsAsync();
        var form = fields.Split('&').Select(f => f.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1]))
            .Append(new("__RequestVerificationToken", await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Instansi")));

        var response = await client.PostAsync($"{page}?mpp=99.99" + (handler is null ? "" : "&handler=" + handler), new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await RowsAsync());
    }

    private Task<int> RowsAsync() => app.DbAsync(async db => await db.Agencies.CountAsync() + await db.Surveys.CountAsync() + await db.FollowUpActions.CountAsync());
}
