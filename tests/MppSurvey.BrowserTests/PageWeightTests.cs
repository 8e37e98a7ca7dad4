using System.IO.Compression;
using MppSurvey.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace MppSurvey.BrowserTests;

/// <summary>The issue's budget, checked on every run: everything the page loads, at most 30 KB gzip, all from our own origin.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageWeightTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    [Theory]
    [InlineData("phone", "")]
    [InlineData("tablet", "?kios=1#token=")]
    public async Task Everything_the_page_loads_is_at_most_30_KB_gzip_and_from_our_own_origin(string device, string query)
    {
        await using var context = await browser.NewContextAsync(device, app.BaseUrl);
        var page = await context.NewPageAsync();
        var urls = new List<string>();
        var bodies = new List<Task<byte[]>>();
        page.Response += (_, response) =>
        {
            // What the page loads, not what it sends: the kiosk's heartbeat POST answers 204 without a body.
            if (response.Request.Method != "GET")
            {
                return;
            }
            urls.Add(response.Url);
            bodies.Add(response.BodyAsync());
        };
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}{query}{(query.EndsWith('=') ? app.KioskToken : "")}");
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);

        Assert.All(urls, url => Assert.StartsWith(app.BaseUrl + "/", url, StringComparison.Ordinal));
        long total = 0;
        foreach (var body in await Task.WhenAll(bodies))
        {
            using var gz = new MemoryStream();
            await using (var zip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            {
                await zip.WriteAsync(body);
            }
            total += gz.Length;
            output.WriteLine($"{body.Length} bytes, {gz.Length} gzip");
        }
        output.WriteLine($"{device}: {total} bytes gzip in all ({string.Join(", ", urls)})");
        Assert.InRange(urls.Count, 3, 4);
        Assert.True(total <= 30 * 1024, $"{total} bytes gzip in {string.Join(", ", urls)}");
    }
}
