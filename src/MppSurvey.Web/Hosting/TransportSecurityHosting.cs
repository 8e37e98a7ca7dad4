using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// TLS is terminated by a reverse proxy in front of the app. The proxy's X-Forwarded-Proto and
/// X-Forwarded-For are believed only from the proxies named in `ReverseProxy:KnownProxies`
/// (addresses) and `ReverseProxy:KnownNetworks` (CIDR); with neither set, only loopback. Anything
/// else could claim https, or any client address, by sending the header itself.
/// </summary>
public static class TransportSecurityHosting
{
    public static IServiceCollection AddMppSurveyTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Length > 0 || networks.Length > 0)
            {
                // Configured proxies replace the loopback defaults rather than adding to them:
                // the list in the configuration is the whole list.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    o.KnownProxies.Add(IPAddress.Parse(proxy));
                }
                foreach (var network in networks)
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        services.AddHsts(o =>
        {
            // Not IncludeSubDomains or preload: other hosts under a regency's domain are not ours to pin.
            o.MaxAge = TimeSpan.FromDays(365);
        });
        return services;
    }

    /// <summary>Forwarded headers always (first, so everything after sees the client's scheme); HSTS everywhere but Development.</summary>
    public static void UseMppSurveyTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on https requests only, and never for localhost (HstsOptions.ExcludedHosts), so
            // ./run on http://127.0.0.1 is unaffected.
            app.UseHsts();
        }
    }
}
