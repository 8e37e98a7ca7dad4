using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.FollowUp;
using MppSurvey.Core.Surveys;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The public page of an MPP (/publik/{regency}) and the method notes (/metode) in Chromium on the
/// demo data, at a phone's width (390 px) and an office screen's (1280 px): nothing wider than the
/// window, an axe audit without violations, and screenshots of the public page for the reviewer in
/// /work/screens (outside the repository; the directory is created when missing). The demo has no
/// follow-up plan, so the test writes one for Jombang's latest published semester first, as its MPP
/// admin would on /Admin/TindakLanjut.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPageTests(BrowserFixture browser, DashboardApp app, ITestOutputHelper output) : IClassFixture<DashboardApp>
{
    private const string ScreensDirectory = "/work/screens";

    private async Task<string> PlanForLatestPublishedAsync()
    {
        await using var scope = app.Scope();
        var db = DashboardApp.Db(scope);
        var mallId = await db.Malls.Where(m => m.RegencyCode == DashboardApp.Regency).Select(m => m.Id).SingleAsync();
        var published = (await db.Surveys.Where(s => s.MallId == mallId && s.PublishedAt != null).Select(s => s.PeriodCode).ToListAsync())
            .OrderByDescending(c => Period.Parse(c).StartsOn).First();
        if (!await db.FollowUpActions.AnyAsync(a => a.MallId == mallId && a.PeriodCode == published))
        {
            var now = DateTimeOffset.UtcNow;
            db.FollowUpActions.AddRange(
                new FollowUpAction { MallId = mallId, PeriodCode = published, ElementCode = "U3", Action = "Menambah dua loket Dukcapil pada jam sibuk (08.00–11.00) dan nomor antrean daring.", Timeline = "Triwulan I", PersonInCharge = "Kepala MPP", Status = FollowUpStatus.InProgress, CreatedAt = now, UpdatedAt = now },
                new FollowUpAction { MallId = mallId, PeriodCode = published, ElementCode = "U8", Action = "Kotak saran dan nomor WhatsApp pengaduan dijawab paling lambat 3 hari kerja; rekap bulanan di papan informasi.", Timeline = "Triwulan I", PersonInCharge = "Petugas pengaduan", Status = FollowUpStatus.Planned, CreatedAt = now, UpdatedAt = now },
                new FollowUpAction { MallId = mallId, PeriodCode = published, ElementCode = "U9", Action = "Menambah kursi ruang tunggu dan memperbaiki pendingin udara.", Timeline = "Triwulan II", PersonInCharge = "Bagian umum", Status = FollowUpStatus.Done, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }
        return published;
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task The_public_page_fits_the_window_passes_axe_and_is_captured(int width, int height)
    {
        var published = await PlanForLatestPublishedAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = 1, HasTouch = width < 600,
        });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync($"/publik/{DashboardApp.Regency}");
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("#trend-chart svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#plan")).ToContainTextAsync("Anda menyampaikan, kami menindaklanjuti");
        await Expect(page.Locator($"#plan-{published}")).ToBeVisibleAsync();
        Assert.Equal(3, await page.Locator("li.plan-action").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, Axe.Describe(violations));

        Directory.CreateDirectory(ScreensDirectory);
        var file = Path.Combine(ScreensDirectory, $"publik-{DashboardApp.Regency}-{width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        output.WriteLine(file);
        // The first screen as a visitor sees it, and the chart and the plan on their own, for the review.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreensDirectory, $"publik-{DashboardApp.Regency}-{width}-first-screen.png") });
        await page.Locator("#trend-section").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreensDirectory, $"publik-{DashboardApp.Regency}-{width}-trend.png") });
        await page.Locator("#plan").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreensDirectory, $"publik-{DashboardApp.Regency}-{width}-plan.png") });

        var method = await page.GotoAsync("/metode#over-dispersion");
        Assert.Equal(200, method!.Status);
        await Expect(page.Locator("h2#over-dispersion")).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        var methodViolations = await Axe.RunAsync(page);
        Assert.True(methodViolations.Count == 0, Axe.Describe(methodViolations));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreensDirectory, $"metode-{width}.png") });
    }
}
