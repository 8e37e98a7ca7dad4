using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Reporting;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The regent's dashboard read in ten seconds, in Chromium at a 390 px phone and a 1280 px desktop:
/// straight after sign-in the headline card shows the stored IKM, grade with its words, the change
/// verdict (coloured only when significant) and when the figures were computed.
/// </summary>
public sealed partial class DashboardTests
{
    /// <summary>Grade words of the SKM table (PermenPANRB 14/2017), written out here rather than read from the app.</summary>
    private static readonly Dictionary<string, string> GradeWords = new()
    {
        ["A"] = "Sangat Baik", ["B"] = "Baik", ["C"] = "Kurang Baik", ["D"] = "Tidak Baik",
    };

    private const string Grey = "rgb(107, 114, 128)";

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task After_sign_in_the_headline_card_shows_the_stored_IKM_grade_change_and_computation_time(int width, int height)
    {
        var latest = (await StoredAsync(DashboardApp.Regency))[0];
        Core.Regions.IndonesianTimeZone zone;
        await using (var scope = app.Scope())
        {
            zone = await DashboardApp.Db(scope).Malls.Where(m => m.RegencyCode == DashboardApp.Regency).Select(m => m.TimeZone).SingleAsync();
        }
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = width < 600,
            HasTouch = width < 600,
            BaseURL = app.BaseUrl,
        });
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);

        await LogInAsync(page, DashboardApp.RegionalHead);

        Assert.EndsWith($"/dasbor/{DashboardApp.Regency}", page.Url, StringComparison.Ordinal);
        var card = page.Locator("section#headline");
        await Expect(card).ToBeInViewportAsync();
        await Expect(card.Locator("#ikm")).ToHaveTextAsync(Num(latest.Converted));
        await Expect(card.Locator("#ikm")).ToBeInViewportAsync();
        await Expect(card.Locator("#grade")).ToHaveTextAsync($"{latest.Grade} · {GradeWords[latest.Grade]}");
        var verdict = card.Locator("#verdict");
        var arrowColour = await verdict.Locator(".arrow").EvaluateAsync<string>("e => getComputedStyle(e).color");
        switch (latest.ChangeVerdict)
        {
            case "SignificantRise":
                await Expect(verdict).ToContainTextAsync("Naik secara signifikan");
                Assert.Equal("rgb(26, 127, 55)", arrowColour);
                break;
            case "SignificantFall":
                await Expect(verdict).ToContainTextAsync("Turun secara signifikan");
                Assert.Equal("rgb(176, 0, 32)", arrowColour);
                break;
            case "NoSignificantChange":
                await Expect(verdict).ToContainTextAsync("tidak berubah secara berarti");
                Assert.Equal(Grey, arrowColour);
                break;
            default:
                Assert.Fail($"the demo's latest semester should carry a tested verdict, not {latest.ChangeVerdict ?? "none"}");
                break;
        }
        await Expect(verdict).ToContainTextAsync(Num(latest.PreviousConverted!.Value) + " → " + Num(latest.Converted));
        await Expect(card.Locator("#computed-at")).ToContainTextAsync(
            SnapshotTime.Format(latest.ComputedAt, zone, new System.Globalization.CultureInfo("id-ID")));
        await Expect(card.Locator("#respondents")).ToContainTextAsync(latest.Respondents.ToString("N0", Indonesian));
        await Expect(card.Locator("a#method-link")).ToHaveAttributeAsync("href", "/metode#ikm");
        Assert.True(await ScrollWidthAsync(page) <= width, $"/dasbor at {width} px is {await ScrollWidthAsync(page)} px wide: {await WideElementsAsync(page)}");

        // Screenshots for the closing note, outside the repository, only when asked for.
        if (Environment.GetEnvironmentVariable("MPPSURVEY_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"dasbor-{width}.png"), FullPage = true });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"dasbor-{width}-first-screen.png") });
            foreach (var section in new[] { "h-trend", "h-elements", "h-followup" })
            {
                await page.Locator($"section[aria-labelledby={section}]").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(dir, $"dasbor-{width}-{section[2..]}.png") });
            }
        }
        Assert.Empty(errors);
    }
}
