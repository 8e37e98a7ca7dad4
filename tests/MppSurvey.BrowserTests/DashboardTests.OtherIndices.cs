using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The SPKP and SPAK cards (docs/method.md, Other templates (SPKP, SPAK)) on the demo's Jombang
/// dashboard, in Chromium on a 390 px phone: both indices on the 1-6 scale as the index job stored
/// them, with their interval, and the page never wider than the phone.
/// </summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task At_390_px_the_dashboard_shows_the_SPKP_and_SPAK_cards_without_sideways_scroll()
    {
        List<IndexResult> stored;
        await using (var scope = app.Scope())
        {
            var db = DashboardApp.Db(scope);
            var mallId = await db.Malls.Where(m => m.RegencyCode == DashboardApp.Regency).Select(m => m.Id).SingleAsync();
            stored = await db.IndexResults.AsNoTracking()
                .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mallId && (r.TemplateCode == "spkp" || r.TemplateCode == "spak")).ToListAsync();
        }
        // The newest period in which the demo's few SPKP and SPAK visitors (a share of a small slice) answered both.
        var latest = (await StoredAsync(DashboardApp.Regency)).Select(r => r.PeriodCode)
            .First(p => stored.Any(r => r.PeriodCode == p && r.TemplateCode == "spkp") && stored.Any(r => r.PeriodCode == p && r.TemplateCode == "spak"));
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);
        await LogInAsync(page, DashboardApp.RegionalHead);
        await page.GotoAsync($"/dasbor/{DashboardApp.Regency}?periode={latest}");

        foreach (var template in new[] { "spkp", "spak" })
        {
            var result = stored.Single(r => r.TemplateCode == template && r.PeriodCode == latest);
            var card = page.Locator($"#other-{template}");
            await card.ScrollIntoViewIfNeededAsync();
            await Expect(card).ToBeVisibleAsync();
            // The stored index on its scale, rounded as the method notes say, then "dari 6".
            await Expect(card.Locator(".other-value")).ToHaveTextAsync($"{Num(OtherIndices.Round(result.Ikm))} dari 6");
            // The interval on the scale as stored (none below two respondents: "–").
            var interval = OtherIndices.FormatInterval(
                result.CiLow is double l ? OtherIndices.ToScale(l, 1, 6) : null, result.CiHigh is double h ? OtherIndices.ToScale(h, 1, 6) : null, Indonesian);
            await Expect(card.Locator(".other-ci")).ToContainTextAsync(interval);
            Assert.True(await card.Locator(".other-indicators tbody tr").CountAsync() > 0);
        }

        var width = await ScrollWidthAsync(page);
        Assert.True(width <= 390, $"/dasbor at 390 px is {width} px wide: {await WideElementsAsync(page)}");
        Assert.Empty(errors);
    }
}
