using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// TLS is terminated by a reverse proxy in front of the app. The proxy's X-Forwarded-Proto and
/// X-Forwarded-For are believed only from the proxies named in `ReverseProxy:KnownProxies`
/// (addresses) and `ReverseProxy:KnownNetworks` (CIDR); with neither set, only loopback. Anything
/// else could claim https, or any client address, by sending the header itself.
/// </summary>
public static class TransportSecurityHosting
{
    public static IServiceCollection AddMppSurveyTransportSecurity(this IServiceCollection services)
    {
        services.AddSettings<ReverseProxyOptions>(ReverseProxyOptions.Section, ReverseProxyOptions.Check)
            .Configure<IConfiguration>(ReverseProxyOptions.AddListedInOneValue);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((o, settings) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxy = settings.Value;
            if (proxy.KnownProxies.Length > 0 || proxy.KnownNetworks.Length > 0)
            {
                // Configured proxies replace the loopback defaults rather than adding to them:
                // the list in the configuration is the whole list.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var address in proxy.KnownProxies)
                {
                    o.KnownProxies.Add(IPAddress.Parse(address));
                }
                foreach (var network in proxy.KnownNetworks)
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

/// <summary>
/// Section `ReverseProxy`: `KnownProxies` (addresses) and `KnownNetworks` (CIDR networks) of the
/// TLS-terminating proxies, as a list (`ReverseProxy__KnownProxies__0`, `__1`, ...) or, as operators
/// tend to write an environment variable, one value separated by commas (`ReverseProxy__KnownProxies=10.0.0.5,10.0.0.6`).
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    public string[] KnownProxies { get; set; } = [];
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>The binder ignores a single value where a list belongs; silently believing no proxy would be worse than either reading.</summary>
    public static void AddListedInOneValue(ReverseProxyOptions o, IConfiguration configuration)
    {
        o.KnownProxies = o.KnownProxies.Concat(Split(configuration[Section + ":KnownProxies"])).Distinct(StringComparer.Ordinal).ToArray();
        o.KnownNetworks = o.KnownNetworks.Concat(Split(configuration[Section + ":KnownNetworks"])).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string[] Split(string? value) =>
        value?.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public static void Check(ReverseProxyOptions o, SettingChecks c)
    {
        foreach (var address in o.KnownProxies.Where(a => !IsAddress(a)))
        {
            c.Fail("KnownProxies", $"must list IP addresses such as 10.0.0.5 or fd00::5, not host names or networks (one is {Settings.Quote(address)})");
        }
        foreach (var network in o.KnownNetworks.Where(n => !IsNetwork(n)))
        {
            c.Fail("KnownNetworks", $"must list networks in CIDR form such as 10.0.0.0/24 (one is {Settings.Quote(network)})");
        }
    }

    /// <summary>Dotted quads and IPv6 only: IPAddress.TryParse would also take "10.1" or "5" as IPv4 addresses.</summary>
    private static bool IsAddress(string value) =>
        IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || value.Split('.').Length == 4);

    private static bool IsNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value, out _) && value.Contains('/', StringComparison.Ordinal)
        && IsAddress(value[..value.IndexOf('/', StringComparison.Ordinal)]);
}
