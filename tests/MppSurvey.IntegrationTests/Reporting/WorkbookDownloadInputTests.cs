using System.Net;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The workbook downloads (/laporan/{regency}/{period}.xlsx and /laporan/nasional/{period}.xlsx)
/// asked the two questions: what does a hostile request do (another MPP, the national workbook as
/// an MPP admin, a period with digits that are not ASCII, markup, no session) and what does a
/// careless user do (a period that does not exist, a typo in the MPP)? Never an error page.
/// </summary>
[Collection(FormCollection.Name)]
public sealed class WorkbookDownloadInputTests(FormFixture app)
{
    [Theory]
    [InlineData("/laporan/35.17/20\u0662\u0666-S1.xlsx")]
    [InlineData("/laporan/35.17/2026-S\u0661.xlsx")]
    [InlineData("/laporan/35.17/2026-S3.xlsx")]
    [InlineData("/laporan/35.17/1999.xlsx")]
    [InlineData("/laporan/35.17/%3Cscript%3E.xlsx")]
    [InlineData("/laporan/35.17/2026-S1%0A.xlsx")]
    public async Task Hostile_or_careless_a_period_that_is_not_one_is_not_found(string url)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/laporan/nasional/20\u0662\u0666.xlsx")]
    [InlineData("/laporan/nasional/2026-Q5.xlsx")]
    public async Task Hostile_a_national_workbook_of_a_period_that_is_not_one_is_not_found(string url)
    {
        var client = await app.SignedInAsync(FormFixture.Ministry);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/laporan/52.72/{open}.xlsx")]
    [InlineData("/laporan/nasional/{open}.xlsx")]
    [InlineData("/laporan/99.99/{open}.xlsx")]
    public async Task Hostile_another_MPPs_or_the_national_workbook_is_refused_to_an_MPP_admin(string url)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);

        var response = await client.GetAsync(url.Replace("{open}", app.OpenPeriod, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Hostile_a_download_without_a_session_is_refused_with_401()
    {
        var response = await LoginClient.Anonymous(app).GetAsync($"/laporan/35.17/{app.OpenPeriod}.xlsx");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Careless_a_typo_in_the_MPP_is_not_found_for_a_user_who_sees_every_MPP()
    {
        var client = await app.SignedInAsync(FormFixture.Ministry);

        var response = await client.GetAsync($"/laporan/99.99/{app.OpenPeriod}.xlsx");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
