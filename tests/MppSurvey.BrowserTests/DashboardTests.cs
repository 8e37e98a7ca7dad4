using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Surveys;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>Issue 6 in Chromium: the regional head's dashboard, the ministry's table and funnel plot, the public page.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DashboardTests(BrowserFixture browser, DashboardApp app, ITestOutputHelper output) : IClassFixture<DashboardApp>
{
    private static readonly CultureInfo Indonesian = new("id-ID");

    private static string Num(decimal value) => value.ToString("0.00", Indonesian);

    private static decimal Parse(string text) => decimal.Parse(text.Trim(), NumberStyles.Number, Indonesian);

    /// <summary>The mall's stored index results, latest period first.</summary>
    private async Task<List<IndexResult>> StoredAsync(string regency)
    {
        await using var scope = app.Scope();
        var db = DashboardApp.Db(scope);
        var mallId = await db.Malls.Where(m => m.RegencyCode == regency).Select(m => m.Id).SingleAsync();
        var rows = await db.IndexResults.AsNoTracking()
            .Where(r => r.UnitKind == UnitKind.Mall && r.MallId == mallId && r.TemplateCode == "skm").ToListAsync();
        return rows.OrderByDescending(r => Period.Parse(r.PeriodCode).StartsOn).ToList();
    }

    private static Task LogInAsync(IPage page, string email) => LoginForm.SignInAsync(page, email, DashboardApp.Password);

    /// <summary>
    /// Console errors and uncaught exceptions, except Chromium's own request for /favicon.ico, which
    /// the app does not serve (a 404 no page asked for).
    /// </summary>
    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                errors.Add($"{m.Text} at {m.Location}");
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        return errors;
    }

    private async Task<IPage> DesktopPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        return page;
    }

    [Fact]
    public async Task A_regional_head_sees_the_demo_MPPs_trend_and_the_stored_latest_IKM()
    {
        var stored = await StoredAsync(DashboardApp.Regency);
        Assert.True(stored.Count >= 2, "the demo should have at least two computed semesters");
        var latest = stored[0];

        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await DesktopPageAsync(context);
        var errors = CollectErrors(page);
        await LogInAsync(page, DashboardApp.RegionalHead);

        // The home page links the regional head to their own MPP's dashboard.
        await page.Locator($"a[href=\"/dasbor/{DashboardApp.Regency}\"]").ClickAsync();
        await page.WaitForURLAsync($"**/dasbor/{DashboardApp.Regency}");
        await Expect(page.Locator("h1")).ToContainTextAsync("Jombang");

        await Expect(page.Locator("svg.chart.trend")).ToBeVisibleAsync();
        Assert.Equal(stored.Count, await page.Locator("svg.chart.trend circle.dot").CountAsync());
        await Expect(page.Locator("#periode")).ToHaveValueAsync(latest.PeriodCode);
        await Expect(page.Locator("#ikm")).ToHaveTextAsync(Num(latest.Converted));
        Assert.Contains(",", Num(latest.Converted));

        // The trend table runs oldest to latest; its last row is the latest period with the same IKM.
        var trendRows = page.Locator("#trend tbody tr");
        Assert.Equal(stored.Count, await trendRows.CountAsync());
        await Expect(trendRows.Last.Locator("th")).ToHaveTextAsync(latest.PeriodCode);
        await Expect(trendRows.Last.Locator("td").First).ToHaveTextAsync(Num(latest.Converted));
        var shown = await page.Locator("#trend tbody tr").EvaluateAllAsync<string[][]>(
            "rs => rs.map(r => [r.querySelector('th').textContent.trim(), r.querySelector('td').textContent.trim()])");
        foreach (var row in shown)
        {
            Assert.Equal(Num(stored.Single(r => r.PeriodCode == row[0]).Converted), row[1]);
        }

        var violations = await Axe.RunAsync(page);
        output.WriteLine(Axe.Describe(violations));
        Assert.DoesNotContain(violations, v => v.Impact is "serious" or "critical");

        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);

        // Another regency's dashboard is not theirs to see.
        var other = await page.GotoAsync("/dasbor/35.78");
        Assert.Equal(403, other!.Status);
    }

    [Fact]
    public async Task A_deputy_sorts_the_national_table_by_IKM_and_opens_an_MPP_from_the_funnel_plot()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await DesktopPageAsync(context);
        var errors = CollectErrors(page);
        await LogInAsync(page, DashboardApp.Deputy);

        await page.Locator("a[href=\"/kementerian\"]").ClickAsync();
        await page.WaitForURLAsync("**/kementerian");
        var rows = page.Locator("#malls tbody tr");
        Assert.True(await rows.CountAsync() >= 3);
        var header = page.Locator("#malls thead th").Filter(new LocatorFilterOptions { Has = page.Locator("a[href*=\"sort=ikm\"]") });
        Assert.Null(await header.GetAttributeAsync("aria-sort"));

        // First click: ascending; the same header again: descending.
        foreach (var direction in new[] { "ascending", "descending" })
        {
            await header.Locator("a").ClickAsync();
            await Expect(header).ToHaveAttributeAsync("aria-sort", direction);
            var values = (await page.Locator("#malls tbody td.ikm").AllTextContentsAsync()).Select(Parse).ToList();
            Assert.Equal(await rows.CountAsync(), values.Count);
            var sorted = direction == "ascending" ? values.Order().ToList() : values.OrderDescending().ToList();
            Assert.Equal(sorted, values);
            Assert.True(values.Distinct().Count() > 1, "the demo MPPs should differ in IKM");
        }

        // The table shows the stored results: each row's IKM is its MPP's stored value for the period.
        var period = await page.Locator("#periode").InputValueAsync();
        var regencies = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.regency)");
        var shown = (await page.Locator("#malls tbody td.ikm").AllTextContentsAsync()).ToList();
        for (var i = 0; i < regencies.Length; i++)
        {
            var stored = await StoredAsync(regencies[i]);
            Assert.Equal(Num(stored.Single(r => r.PeriodCode == period).Converted), shown[i].Trim());
        }

        var funnel = page.Locator("svg.chart.funnel");
        await funnel.ScrollIntoViewIfNeededAsync();
        await Expect(funnel).ToBeVisibleAsync();
        var points = funnel.Locator("a.point");
        Assert.Equal(await rows.CountAsync(), await points.CountAsync());
        // The last point is drawn on top, so nothing covers it.
        var point = points.Last;
        var href = await point.GetAttributeAsync("href");
        Assert.NotNull(href);
        Assert.StartsWith("/dasbor/", href);
        var regency = href!["/dasbor/".Length..].Split('?')[0];
        await point.ClickAsync();
        await page.WaitForURLAsync($"**/dasbor/{regency}?periode={period}");
        await Expect(page.Locator("svg.chart.trend")).ToBeVisibleAsync();
        var storedPoint = await StoredAsync(regency);
        await Expect(page.Locator("#ikm")).ToHaveTextAsync(Num(storedPoint.Single(r => r.PeriodCode == period).Converted));
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_anonymous_visitor_sees_the_published_periods_and_not_the_unpublished_one()
    {
        string published, unpublished;
        await using (var scope = app.Scope())
        {
            var surveys = await DashboardApp.Db(scope).Surveys.AsNoTracking()
                .Where(s => s.Mall!.RegencyCode == DashboardApp.Regency && s.TemplateVersion!.Template!.Code == "skm")
                .Select(s => new { s.PeriodCode, s.ClosedAt, s.PublishedAt }).ToListAsync();
            var open = Assert.Single(surveys, s => s.PublishedAt is null);
            unpublished = open.PeriodCode;
            published = surveys.Where(s => s.PublishedAt is not null && s.ClosedAt is not null)
                .OrderByDescending(s => Period.Parse(s.PeriodCode).StartsOn).First().PeriodCode;
        }
        var stored = await StoredAsync(DashboardApp.Regency);
        // The unpublished period has results too: only publication keeps it off the public page.
        Assert.Contains(stored, r => r.PeriodCode == unpublished);
        var publishedResult = stored.Single(r => r.PeriodCode == published);

        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);
        var response = await page.GotoAsync($"/publik/{DashboardApp.Regency}");
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("h1")).ToContainTextAsync("Jombang");

        var section = page.Locator($"#periode-{published}");
        await Expect(section).ToBeVisibleAsync();
        await Expect(section.Locator("h2")).ToContainTextAsync(published);
        await Expect(section.Locator("dd.index")).ToHaveTextAsync(Num(publishedResult.Converted));

        Assert.Equal(0, await page.Locator($"#periode-{unpublished}").CountAsync());
        Assert.DoesNotContain(unpublished, await page.ContentAsync());
        Assert.Equal(stored.Count - 1, await page.Locator("section.period").CountAsync());
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }
}
