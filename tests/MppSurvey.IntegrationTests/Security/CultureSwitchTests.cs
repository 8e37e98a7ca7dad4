using System.Net;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// The language switch (/Culture?culture=..&amp;returnUrl=..) asked the two questions: what does a
/// hostile request do (a return address on another site, an unknown or malformed language) and what
/// does a careless user do (no parameters, switching twice)? It only ever sets the culture cookie
/// and goes back to a page of this site.
/// </summary>
[Collection(FormCollection.Name)]
public sealed class CultureSwitchTests(FormFixture app)
{
    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("%2F%2Fevil.example")]
    public async Task Hostile_a_return_address_on_another_site_goes_home_instead(string returnUrl)
    {
        var response = await LoginClient.Anonymous(app).GetAsync("/Culture?culture=en&returnUrl=" + Uri.EscapeDataString(Uri.UnescapeDataString(returnUrl)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("xx", "c=id-ID|uic=id-ID")]
    [InlineData("EN", "c=en|uic=en")]
    [InlineData("en-US%0d%0aSet-Cookie:%20x=1", "c=id-ID|uic=id-ID")]
    [InlineData("", "c=id-ID|uic=id-ID")]
    public async Task Hostile_an_unknown_or_malformed_language_falls_back_to_Indonesian(string culture, string cookie)
    {
        var response = await LoginClient.Anonymous(app).GetAsync("/Culture?culture=" + culture + "&returnUrl=/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var set = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.StartsWith(".AspNetCore.Culture=" + Uri.EscapeDataString(cookie) + ";", set, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Careless_no_parameters_goes_home_in_Indonesian_and_a_second_switch_returns_to_the_page()
    {
        var client = LoginClient.Anonymous(app);

        var bare = await client.GetAsync("/Culture");
        var english = await client.GetAsync("/Culture?culture=en&returnUrl=" + Uri.EscapeDataString("/publik?x=1#a"));
        var page = await client.GetStringAsync("/Account/Login");

        Assert.Equal("/", bare.Headers.Location!.OriginalString);
        Assert.Equal("/publik?x=1#a", english.Headers.Location!.OriginalString);
        Assert.Contains("lang=\"en\"", page, StringComparison.Ordinal);
    }
}
