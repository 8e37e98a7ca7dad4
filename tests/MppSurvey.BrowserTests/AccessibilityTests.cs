using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>WCAG 2.1 AA: an axe-core audit in Chromium, plus what axe cannot see (target size, reflow).</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    private async Task AssertNoSeriousViolationsAsync(IPage page, string state)
    {
        var violations = await Axe.RunAsync(page);
        output.WriteLine($"{state}: {violations.Count} violation(s)\n{Axe.Describe(violations)}");
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{state}:\n{Axe.Describe(serious)}");
    }

    [Theory]
    [InlineData("phone", "id", "")]
    [InlineData("phone", "en", "")]
    [InlineData("tablet", "id", "?kios=1")]
    [InlineData("tablet", "en", "?layanan=0")]
    public async Task The_axe_audit_finds_no_serious_or_critical_violations(string device, string language, string query)
    {
        await using var context = await browser.NewContextAsync(device, app.BaseUrl);
        var page = await context.NewPageAsync();
        var separator = query.Length == 0 ? "?" : "&";
        var kiosk = query.Contains("kios", StringComparison.Ordinal) ? $"#token={app.KioskToken}" : "";
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}{query}{separator}culture={language}{kiosk}");
        await AssertNoSeriousViolationsAsync(page, $"{device} {language} empty");

        // Chosen answers change colours: audit that state too, then the thank-you screen.
        await Visitor.AnswerAsync(page, Visitor.Answers);
        await Visitor.FillProfileAsync(page, "Baik.");
        await AssertNoSeriousViolationsAsync(page, $"{device} {language} answered");
        // On a busy machine the audit can outlast the kiosk's idle time (seconds here), which clears
        // the form: answer again, since Kirim with no answer sends nothing and shows no thank-you.
        if (!await page.Locator("#U1-4").IsCheckedAsync())
        {
            await Visitor.AnswerAsync(page, Visitor.Answers);
        }
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(page, $"{device} {language} thank-you");
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    public async Task Every_target_is_at_least_44_px(string device)
    {
        await using var context = await browser.NewContextAsync(device, app.BaseUrl);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}");
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a, button, select, textarea, input:not([type=radio]), .opts label')]
              .map(e => [e, e.getBoundingClientRect()])
              .filter(([e, r]) => r.width < 44 || r.height < 44)
              .map(([e, r]) => `${e.outerHTML.slice(0, 80)} ${Math.round(r.width)}x${Math.round(r.height)}`)
            """);
        Assert.Empty(small);
    }

    [Fact]
    public async Task Text_reflows_at_320_css_px_without_horizontal_scrolling()
    {
        // 1280 px at 400% zoom, WCAG 1.4.10; 200% zoom of a phone or tablet is wider than this.
        var options = new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 320, Height = 640 }, BaseURL = app.BaseUrl };
        await using var context = await browser.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?culture=en");
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the viewport");
    }
}
