using System.Net;
using MppSurvey.IntegrationTests.Admin;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Public;

/// <summary>
/// The public poster and its QR code (/publik/{regency}/poster) asked the two questions: what does
/// a hostile request do (markup, an unknown MPP, a period with digits that are not ASCII) and what
/// does a careless visitor do (a period that was never published)? Not found or the page, never an
/// error page, and nothing typed is echoed unescaped.
/// </summary>
[Collection(FormCollection.Name)]
public sealed class PosterInputTests(FormFixture app)
{
    [Theory]
    [InlineData("/publik/99.99/poster")]
    [InlineData("/publik/%3Cscript%3Ealert(1)%3C%2Fscript%3E/poster")]
    [InlineData("/publik/99.99/poster?handler=Qr")]
    [InlineData("/publik/..%2F..%2Fetc/poster?handler=Qr")]
    public async Task Hostile_an_unknown_or_forged_MPP_is_not_found(string url)
    {
        var response = await LoginClient.Anonymous(app).GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/publik/35.17/poster?periode=20\u0662\u0666-S1")]
    [InlineData("/publik/35.17/poster?periode=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/publik/35.17/poster?periode=2019-S1")]
    [InlineData("/publik/35.17/poster?handler=Qr&periode=x")]
    public async Task Careless_or_hostile_a_period_never_published_shows_no_error_and_echoes_nothing(string url)
    {
        var response = await LoginClient.Anonymous(app).GetAsync(url);

        Assert.True((int)response.StatusCode is 200 or 404, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("<script>alert(1)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
