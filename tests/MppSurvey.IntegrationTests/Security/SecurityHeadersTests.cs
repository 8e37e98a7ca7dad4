using System.Net;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Hosting;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>Security hardening: every kind of response carries the security headers, with the strict CSP everywhere but the Hangfire dashboard.</summary>
public sealed class SecurityHeadersTests(SecurityFixture app) : IClassFixture<SecurityFixture>
{
    public const string StrictPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("SAMEORIGIN", Single(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        Assert.Equal("camera=(), microphone=(), geolocation=()", Single(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
    }

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/Account/Login", HttpStatusCode.OK)]
    [InlineData("/survei/35.17", HttpStatusCode.OK)]
    [InlineData("/publik/35.17/poster", HttpStatusCode.OK)]
    [InlineData("/api/v1/publik", HttpStatusCode.OK)]
    [InlineData("/api/v1/me", HttpStatusCode.Unauthorized)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/survey/survey.js", HttpStatusCode.OK)]
    [InlineData("/survei/sw.js", HttpStatusCode.OK)]
    [InlineData("/tidak-ada", HttpStatusCode.NotFound)]
    [InlineData("/Admin/Audit", HttpStatusCode.Redirect)]
    public async Task Pages_API_static_files_and_errors_carry_the_strict_policy_and_the_other_headers(string path, HttpStatusCode status)
    {
        var response = await LoginClient.Anonymous(app).GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(StrictPolicy, Single(response, "Content-Security-Policy"));
        Assert.DoesNotContain("unsafe", StrictPolicy, StringComparison.Ordinal);
        AssertCommonHeaders(response);
    }

    [Fact]
    public void The_app_sends_exactly_the_policy_the_issue_asks_for() =>
        Assert.Equal(StrictPolicy, SecurityHeaders.ContentSecurityPolicy);

    [Fact]
    public async Task A_refused_cross_site_form_post_to_the_survey_API_carries_the_headers_too()
    {
        var response = await LoginClient.Anonymous(app).PostAsync("/api/v1/responses",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["regencyCode"] = "35.17" }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(StrictPolicy, Single(response, "Content-Security-Policy"));
        AssertCommonHeaders(response);
    }

    [Fact]
    public async Task The_Hangfire_dashboard_alone_gets_the_relaxed_policy_and_only_administrators_see_it()
    {
        var client = LoginClient.Anonymous(app);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await LoginClient.PostLoginAsync(client, SecurityFixture.Administrator, SecurityFixture.Password)).StatusCode);

        var dashboard = await client.GetAsync("/hangfire");
        var anonymous = await LoginClient.Anonymous(app).GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var policy = Single(dashboard, "Content-Security-Policy");
        Assert.Equal(SecurityHeaders.DashboardContentSecurityPolicy, policy);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self' 'unsafe-inline';", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        AssertCommonHeaders(dashboard);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
