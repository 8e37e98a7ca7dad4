using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The site navigation in Chromium: the regional head lands on their dashboard, the bar and the dashboard
/// fit 320 px without horizontal scrolling, and paper carries neither navigation nor pickers.
/// </summary>
public sealed partial class DashboardTests
{
    private async Task<IBrowserContext> NarrowContextAsync() =>
        await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 320, Height = 640 }, BaseURL = app.BaseUrl });

    private static Task<int> ScrollWidthAsync(IPage page) => page.EvaluateAsync<int>("document.documentElement.scrollWidth");

    /// <summary>The outermost elements that reach past the viewport's right edge, to name in a failure.</summary>
    private static Task<string> WideElementsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5))
          .slice(0, 8)
          .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : ''} (${Math.round(e.getBoundingClientRect().right)} px, in ${e.parentElement.tagName.toLowerCase()}#${e.parentElement.id} ${getComputedStyle(e.parentElement).display}/${getComputedStyle(e.parentElement).overflowX})`)
          .join(', ')
        """);

    [Fact]
    public async Task The_regional_head_lands_on_their_dashboard_marked_current_in_the_navigation()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);

        await LogInAsync(page, DashboardApp.RegionalHead);

        Assert.EndsWith($"/dasbor/{DashboardApp.Regency}", page.Url, StringComparison.Ordinal);
        var nav = page.Locator("nav#site-nav");
        await Expect(nav).ToHaveAttributeAsync("aria-label", "Navigasi utama");
        await Expect(nav.Locator("a[aria-current=page]")).ToHaveAttributeAsync("href", $"/dasbor/{DashboardApp.Regency}");
        await Expect(nav.Locator("#nav-user")).ToContainTextAsync("Bupati Jombang");
        await Expect(nav.GetByRole(AriaRole.Button, new() { Name = "Keluar" })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task At_320_px_the_dashboard_and_the_navigation_have_no_horizontal_scroll()
    {
        await using var context = await NarrowContextAsync();
        var page = await context.NewPageAsync();
        await LogInAsync(page, DashboardApp.RegionalHead);
        await Expect(page.Locator("nav#site-nav")).ToBeVisibleAsync();

        Assert.True(await ScrollWidthAsync(page) <= 320, $"/dasbor at 320 px is {await ScrollWidthAsync(page)} px wide: {await WideElementsAsync(page)}");

        // The MPP admin's bar is the longest: every link plus the opened "Kelola MPP" disclosure.
        await using var adminContext = await NarrowContextAsync();
        var admin = await adminContext.NewPageAsync();
        await LogInAsync(admin, MppAdmin);
        await admin.GotoAsync("/laporan");
        await admin.Locator("nav#site-nav summary").ClickAsync();
        await Expect(admin.Locator("nav#site-nav a[href=\"/Admin/Import\"]")).ToBeVisibleAsync();

        Assert.True(await ScrollWidthAsync(admin) <= 320, $"the opened navigation at 320 px is {await ScrollWidthAsync(admin)} px wide: {await WideElementsAsync(admin)}");
    }

    [Fact]
    public async Task Printing_the_dashboard_hides_the_navigation_the_period_picker_and_buttons()
    {
        await using var context = await browser.NewContextAsync("desktop", app.BaseUrl);
        var page = await context.NewPageAsync();
        await LogInAsync(page, DashboardApp.RegionalHead);
        await Expect(page.Locator("nav#site-nav")).ToBeVisibleAsync();
        await Expect(page.Locator("form.period-picker")).ToBeVisibleAsync();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        await Expect(page.Locator("nav#site-nav")).ToBeHiddenAsync();
        await Expect(page.Locator("form.period-picker")).ToBeHiddenAsync();
        await Expect(page.Locator("#periode")).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator("button:visible, .btn:visible, select:visible").CountAsync());
        // The figures stay on paper.
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
    }
}
