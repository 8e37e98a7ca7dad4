using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// The proxies an IT office configures: a list written as one comma-separated environment variable is
/// read as a list (the binder alone would ignore it and silently keep loopback), networks in CIDR
/// form count, and the configured list replaces loopback.
/// </summary>
public sealed class ConfiguredProxyTests(ConfiguredProxyTests.ProxyFixture app) : IClassFixture<ConfiguredProxyTests.ProxyFixture>
{
    public sealed class ProxyFixture : AppFixture
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:RunServer", "false");
            // As `ReverseProxy__KnownProxies=10.0.0.5, 10.0.0.6` in a unit file or compose's environment.
            builder.UseSetting("ReverseProxy:KnownProxies", "10.0.0.5, 10.0.0.6");
            builder.UseSetting("ReverseProxy:KnownNetworks:0", "192.168.10.0/24");
        }
    }

    [Theory]
    [InlineData("10.0.0.5", true)]
    [InlineData("10.0.0.6", true)]
    [InlineData("192.168.10.77", true)]
    [InlineData("10.0.0.7", false)]
    [InlineData("192.168.11.1", false)]
    // Loopback is no longer believed once proxies are configured: the list is the whole list.
    [InlineData("127.0.0.1", false)]
    public async Task X_Forwarded_Proto_counts_only_from_the_configured_proxies_and_networks(string remote, bool believed)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("mpp.example.go.id");
            c.Request.Path = "/";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        });

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        // HSTS is sent on https requests only: present exactly when the forwarded scheme was believed.
        Assert.Equal(believed, context.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }
}
