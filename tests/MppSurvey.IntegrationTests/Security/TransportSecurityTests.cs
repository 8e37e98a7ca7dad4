using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// Security hardening: HSTS on https only (the app runs as "Testing" here: everything but Development gets
/// it), X-Forwarded-Proto believed from loopback proxies only, and the cookies' flags over https.
/// </summary>
public sealed class TransportSecurityTests(SecurityFixture app) : IClassFixture<SecurityFixture>
{
    private const string Hsts = "Strict-Transport-Security";

    [Fact]
    public async Task An_https_request_gets_Strict_Transport_Security_for_a_year_without_subdomains()
    {
        var response = await app.Client(SecurityFixture.HttpsBase).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues(Hsts)));
    }

    [Fact]
    public async Task A_plain_http_request_gets_no_Strict_Transport_Security()
    {
        var response = await app.Client(SecurityFixture.HttpBase).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(Hsts));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("203.0.113.9", false)]
    public async Task X_Forwarded_Proto_https_counts_only_when_it_comes_from_a_known_proxy(string remote, bool believed)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString(SecurityFixture.HttpBase.Host);
            c.Request.Path = "/";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        });

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(believed, context.Response.Headers.ContainsKey(Hsts));
    }

    [Fact]
    public async Task Over_https_the_login_antiforgery_and_culture_cookies_are_Secure_HttpOnly_and_SameSite()
    {
        var client = app.Client(SecurityFixture.HttpsBase);

        var form = await client.GetAsync("/Account/Login");
        var antiforgery = SetCookie(form, ".AspNetCore.Antiforgery.");
        var login = await LoginClient.PostLoginAsync(client, SecurityFixture.Administrator, SecurityFixture.Password);
        var auth = SetCookie(login, "mppsurvey.auth=");
        var culture = SetCookie(await client.GetAsync("/Culture?culture=en&returnUrl=%2F"), ".AspNetCore.Culture=");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        foreach (var cookie in new[] { antiforgery, auth, culture })
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("(?i); samesite=(lax|strict)", cookie);
        }
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_plain_http_the_cookies_are_not_marked_Secure_so_a_local_run_still_signs_in()
    {
        var client = app.Client(SecurityFixture.HttpBase);

        var login = await LoginClient.PostLoginAsync(client, SecurityFixture.Administrator, SecurityFixture.Password);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("; secure", SetCookie(login, "mppsurvey.auth="), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", SetCookie(login, "mppsurvey.auth="), StringComparison.OrdinalIgnoreCase);
    }

    private static string SetCookie(HttpResponseMessage response, string prefix) =>
        Assert.Single(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [],
            v => v.StartsWith(prefix, StringComparison.Ordinal));
}
