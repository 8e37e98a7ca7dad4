using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Themes;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The citizens' voice on a phone: the themes section and the line under each element fit 390 and 320 px
/// without sideways scrolling, even when a quote is one long unbroken word.
/// </summary>
public sealed partial class DashboardTests
{
    /// <summary>
    /// Stored themes for the demo MPP's latest period, set by hand (the demo seeds none), and one suggestion
    /// turned into a 300-character word. Only the themes and suggestion texts change: the stored index stays valid.
    /// </summary>
    private async Task<string> SeedThemesAsync()
    {
        var latest = (await StoredAsync(DashboardApp.Regency))[0].PeriodCode;
        await using var scope = app.Scope();
        var db = DashboardApp.Db(scope);
        var mallId = await db.Malls.Where(m => m.RegencyCode == DashboardApp.Regency).Select(m => m.Id).SingleAsync();
        var ids = await db.Responses.Where(r => r.MallId == mallId && r.PeriodCode == latest)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(4).ToListAsync();
        Assert.NotEmpty(ids);
        // The demo's few responses of the period may carry no suggestion: each gets one, the first a 300-character word.
        var themes = SuggestionTheme.Time | SuggestionTheme.Queue | SuggestionTheme.Integrity | SuggestionTheme.Parking;
        await db.Responses.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Themes, themes)
            .SetProperty(r => r.Suggestion, r => r.Suggestion ?? "antri lama, ada pungli, parkir sempit"));
        var longWord = "antrian" + new string('a', 293);
        await db.Database.ExecuteSqlAsync($"UPDATE responses SET suggestion = {longWord} WHERE id = {ids[0]}");
        return latest;
    }

    [Theory]
    [InlineData(390)]
    [InlineData(320)]
    public async Task At_phone_width_the_citizens_voice_shows_without_sideways_scroll(int width)
    {
        await SeedThemesAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 800 }, BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);
        await LogInAsync(page, DashboardApp.RegionalHead);

        var voice = page.Locator("section#voice");
        await voice.ScrollIntoViewIfNeededAsync();
        await Expect(voice.Locator("h2")).ToHaveTextAsync("Suara warga");
        await Expect(voice.Locator("tr[data-theme=integrity] td.change")).ToBeVisibleAsync();
        await Expect(voice.Locator("#tema-time li").First).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-voice=U3] a[href='#tema-time']")).ToBeVisibleAsync();

        Assert.True(await ScrollWidthAsync(page) <= width, $"/dasbor at {width} px is {await ScrollWidthAsync(page)} px wide: {await WideElementsAsync(page)}");

        // The element's link leads to its quotes.
        await page.Locator("tr[data-voice=U3] a[href='#tema-time']").ClickAsync();
        await Expect(page.Locator("#tema-time")).ToBeInViewportAsync();
        Assert.Empty(errors);
    }
}
