using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The ministry's tile map of the provinces in Chromium (capability: province comparison): at 320 px the
/// map scrolls inside itself and the page does not; every tile takes keyboard focus; on paper the map
/// fits the page width. With MPPSURVEY_SCREENS set to a folder the test also saves screenshots of the
/// page, the map and the funnel plot at 390 and 1280 px (kept out of the repository).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProvinceMapTests(BrowserFixture browser, DashboardApp app, ITestOutputHelper output) : IClassFixture<DashboardApp>
{
    private static readonly string? Screens = Environment.GetEnvironmentVariable("MPPSURVEY_SCREENS");

    private async Task<IPage> OpenAsync(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await LoginForm.SignInAsync(page, DashboardApp.Deputy, DashboardApp.Password);
        await page.GotoAsync("/kementerian");
        return page;
    }

    [Fact]
    public async Task At_320_px_the_map_scrolls_inside_itself_and_every_tile_takes_focus()
    {
        var page = await OpenAsync(320, 640);

        Assert.Equal(38, await page.Locator("#province-map a.tile").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        Assert.True(await page.EvaluateAsync<bool>("(() => { const s = document.querySelector('.tile-scroll'); return s.scrollWidth > s.clientWidth; })()"),
            "the map is wider than a 320 px screen and must scroll inside its box");

        // Tab from the first tile reaches the next: plain links, in the document's (code) order.
        await page.Locator("#province-map a.tile").First.FocusAsync();
        Assert.Equal("11", await page.EvaluateAsync<string>("document.activeElement.dataset.province"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("12", await page.EvaluateAsync<string>("document.activeElement.dataset.province"));
        // A focused tile far right is scrolled into view inside the box, not off the page.
        await page.Locator("#province-map a.tile[data-province='93']").FocusAsync();
        var box = await page.Locator("#province-map a.tile[data-province='93']").BoundingBoxAsync();
        Assert.True(box!.X >= 0 && box.X + box.Width <= 320, $"tile at {box.X}");
    }

    [Fact]
    public async Task On_paper_the_map_fits_the_page_width()
    {
        var page = await OpenAsync(1280, 900);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.SetViewportSizeAsync(718, 1000); // A4 portrait less 10 mm margins, at 96 dpi

        Assert.True(await page.EvaluateAsync<bool>("(() => { const s = document.querySelector('.tile-scroll'); return s.scrollWidth <= s.clientWidth + 1; })()"));
        Assert.True(await page.Locator("#province-map a.tile[data-province='93']").IsVisibleAsync());
        Assert.False(await page.Locator("#provinsi").IsVisibleAsync());
        if (Screens is not null)
        {
            Directory.CreateDirectory(Screens);
            await page.Locator("section[aria-labelledby='h-map']").ScreenshotAsync(new() { Path = Path.Combine(Screens, "kementerian-map-print.png") });
        }
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Screenshots_of_the_map_and_the_funnel(int width, int height)
    {
        var page = await OpenAsync(width, height);
        Assert.Equal(38, await page.Locator("#province-map a.tile").CountAsync());
        if (Screens is null)
        {
            return;
        }

        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, $"kementerian-{width}.png"), FullPage = true });
        await page.Locator("section[aria-labelledby='h-map']").ScreenshotAsync(new() { Path = Path.Combine(Screens, $"kementerian-map-{width}.png") });
        await page.Locator("section[aria-labelledby='h-funnel']").ScreenshotAsync(new() { Path = Path.Combine(Screens, $"kementerian-funnel-{width}.png") });
        output.WriteLine($"screenshots at {width} px in {Screens}");
    }
}
