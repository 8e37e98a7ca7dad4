using System.Net;
using Microsoft.AspNetCore.Http;
using MppSurvey.Web.Api;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>The pure parts of the API: the rate-limit partition and the naming of fields from JSON paths.</summary>
public sealed class ClientAddressTests
{
    private static HttpContext Request(string? remote, string? forwardedFor = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        if (forwardedFor is not null)
        {
            http.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }
        return http;
    }

    [Fact]
    public void A_direct_client_is_partitioned_by_its_own_address_whatever_it_claims_to_forward()
    {
        Assert.Equal("203.0.113.9", ClientAddress.Of(Request("203.0.113.9", "198.51.100.1")));
    }

    [Fact]
    public void Behind_a_local_proxy_the_address_the_proxy_appended_counts_not_the_one_the_client_sent()
    {
        Assert.Equal("198.51.100.7", ClientAddress.Of(Request("127.0.0.1", "10.9.9.9, 198.51.100.7")));
    }

    [Fact]
    public void A_request_without_an_address_falls_into_the_unknown_partition()
    {
        Assert.Equal("unknown", ClientAddress.Of(Request(null, "198.51.100.7")));
    }

    [Fact]
    public void IPv6_clients_are_grouped_by_their_64_bit_prefix()
    {
        Assert.Equal(ClientAddress.Of(Request("2001:db8:1:2::1")), ClientAddress.Of(Request("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(ClientAddress.Of(Request("2001:db8:1:2::1")), ClientAddress.Of(Request("2001:db8:1:3::1")));
    }

    [Fact]
    public void An_IPv4_address_mapped_into_IPv6_is_the_same_client_as_the_IPv4_address()
    {
        Assert.Equal("203.0.113.9", ClientAddress.Of(Request("::ffff:203.0.113.9")));
    }

    [Theory]
    [InlineData("$.profile.age", "profile.age")]
    [InlineData("$.answers.U3", "answers.U3")]
    [InlineData("$.answers['U 3']", "answers.U 3")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    public void A_JSON_path_names_the_field_as_the_body_does(string? path, string field)
    {
        Assert.Equal(field, ResponseRequestReader.FieldOf(path));
    }
}
