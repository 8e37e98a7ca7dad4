using System.Net;
using System.Net.Sockets;

namespace MppSurvey.Web.Api;

/// <summary>
/// The rate-limit partition of an anonymous client: its address, held in memory by the rate
/// limiter and the burst counter only, never stored with a response.
/// </summary>
public static class ClientAddress
{
    /// <summary>
    /// Behind a reverse proxy on the same machine every request comes from loopback; only then is
    /// X-Forwarded-For believed, and only its last entry, the one that proxy appended. The first
    /// entry is whatever the client chose to send, and partitioning by it would let anyone mint a
    /// fresh partition (and a fresh limit) per request. TestServer has no remote address: "unknown".
    /// </summary>
    public static string Of(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && IPAddress.IsLoopback(remote)
            && http.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded
            && IPAddress.TryParse(forwarded.Split(',')[^1].Trim(), out var proxied))
        {
            remote = proxied;
        }
        return remote is null ? "unknown" : Partition(remote);
    }

    /// <summary>
    /// IPv6 clients are grouped by /64: one subscriber usually owns a whole /64 and could otherwise
    /// rotate through addresses to dodge the limit.
    /// </summary>
    public static string Partition(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
