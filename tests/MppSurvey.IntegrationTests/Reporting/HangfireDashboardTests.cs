using System.Net;
using MppSurvey.Core.Demo;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

public sealed class HangfireDashboardTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Anonymous_visitors_get_no_dashboard()
    {
        var response = await LoginClient.Anonymous(app).GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("kementerian@mppsurvey.test")]
    [InlineData("bupati.jombang@mppsurvey.test")]
    [InlineData("admin.jombang@mppsurvey.test")]
    public async Task Signed_in_users_who_are_not_administrators_get_no_dashboard(string email)
    {
        var client = await LoginClient.SignedInAsync(app, email, DemoSeeder.Password);

        var response = await client.GetAsync("/hangfire");

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, response.StatusCode.ToString());
        Assert.DoesNotContain("MppSurvey jobs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Administrators_see_the_dashboard_and_the_nightly_schedule()
    {
        var client = await LoginClient.SignedInAsync(app, "admin@mppsurvey.test", DemoSeeder.Password);

        var dashboard = await client.GetAsync("/hangfire");
        var recurring = await client.GetStringAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("MppSurvey jobs", await dashboard.Content.ReadAsStringAsync());
        Assert.Contains("recompute-indices-nightly", recurring);
    }
}
