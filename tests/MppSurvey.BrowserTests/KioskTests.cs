using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class KioskTests(BrowserFixture browser, SurveyApp app) : IClassFixture<SurveyApp>
{
    private string KioskPath => $"/survei/{SurveyApp.Regency}?kios=1";

    /// <summary>Opens the kiosk page the way staff enrol it: the admin's link carries the device token in the fragment.</summary>
    private async Task<(IPage Page, int KioskId)> EnrolledKioskAsync(IBrowserContext context)
    {
        var (kioskId, token) = await app.EnrolKioskAsync();
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"{KioskPath}#token={token}");
        // The token is kept on the device, not in the address bar or the history.
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Equal(token, await page.EvaluateAsync<string>("localStorage.getItem('mppsurvey.kioskToken')"));
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 0");
        return (page, kioskId);
    }

    /// <summary>Nothing of the previous visitor: no checked answer, no typed text, no thank-you, progress at zero.</summary>
    private static async Task AssertBlankAsync(IPage page)
    {
        await Expect(page.Locator("#survey")).ToBeVisibleAsync();
        await Expect(page.Locator("#done")).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator("input:checked").CountAsync());
        await Expect(page.Locator("#age")).ToHaveValueAsync("");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync("");
        await Expect(page.Locator("#progtext")).ToHaveTextAsync("0 dari 9 pertanyaan dijawab");
    }

    [Fact]
    public async Task The_kiosk_thanks_the_visitor_and_resets_for_the_next_one()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (page, kioskId) = await EnrolledKioskAsync(context);
        var historyBefore = await page.EvaluateAsync<int>("history.length");

        await Visitor.CompleteAsync(page, "Kios: pelayanan cepat.");
        await Expect(page.Locator("#done-msg")).ToHaveTextAsync("Jawaban Anda sudah kami terima.");
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Kios: pelayanan cepat."));
        Assert.Equal(ResponseChannel.Kiosk, row.Channel);
        Assert.Equal(kioskId, row.KioskId);
        Assert.Null(row.ServiceId);
        Assert.Equal(Visitor.Answers, await Visitor.ScoresAsync(app, row));

        // After the thank-you the page is blank again, with no new history entry to go back to.
        await page.WaitForTimeoutAsync(SurveyApp.ThanksSeconds * 1000);
        await AssertBlankAsync(page);
        Assert.Equal(historyBefore, await page.EvaluateAsync<int>("history.length"));
        Assert.Equal(app.Url(KioskPath), page.Url);
    }

    [Fact]
    public async Task A_visitor_who_chose_English_leaves_the_kiosk_in_Indonesian()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (page, _) = await EnrolledKioskAsync(context);
        await page.Locator("a.lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Visitor.WaitReadyAsync(page);

        await Visitor.CompleteAsync(page, "Kiosk in English.");
        await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Kiosk in English.");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id", new() { Timeout = (SurveyApp.ThanksSeconds + 10) * 1000 });
        await Visitor.WaitReadyAsync(page);
        await AssertBlankAsync(page);
        Assert.DoesNotContain("culture=en", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kiosk_resets_after_an_idle_timeout_mid_survey()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (page, _) = await EnrolledKioskAsync(context);
        await Visitor.AnswerAsync(page, new Dictionary<string, int?> { ["U1"] = 2, ["U2"] = 2, ["U3"] = 1 });
        await page.Locator("#suggestion").FillAsync("Belum selesai");
        await Expect(page.Locator("#progtext")).ToHaveTextAsync("3 dari 9 pertanyaan dijawab");

        await page.WaitForTimeoutAsync((SurveyApp.IdleSeconds + 1) * 1000);
        await AssertBlankAsync(page);
        Assert.DoesNotContain(await Visitor.RowsAsync(app), r => r.Suggestion == "Belum selesai");
    }

    [Fact]
    public async Task The_kiosk_refuses_a_second_submission_within_the_cooldown()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (page, _) = await EnrolledKioskAsync(context);
        await Visitor.CompleteAsync(page, "Pertama.");
        await page.WaitForTimeoutAsync(SurveyApp.ThanksSeconds * 1000);
        await AssertBlankAsync(page);

        // The thank-you screen is shorter than the cooldown here: the next one is held back.
        await Visitor.AnswerAsync(page, new Dictionary<string, int?> { ["U1"] = 1 });
        await page.Locator("#suggestion").FillAsync("Kedua.");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#err")).ToContainTextAsync("Mohon tunggu");
        await page.WaitForTimeoutAsync((SurveyApp.CooldownSeconds - SurveyApp.ThanksSeconds) * 1000);
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Kedua."));
        Assert.Single(await Visitor.RowsAsync(app), r => r.Suggestion == "Pertama.");
    }

    [Fact]
    public async Task The_kiosk_page_reloads_from_its_service_worker_with_the_network_cut()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (page, kioskId) = await EnrolledKioskAsync(context);
        await page.EvaluateAsync("navigator.serviceWorker.ready");
        // The first load ran before the worker existed; one more load online puts the page in its cache.
        await page.ReloadAsync();
        await Visitor.WaitReadyAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("navigator.serviceWorker.controller !== null"));

        await context.SetOfflineAsync(true);
        var offline = await page.ReloadAsync();
        Assert.True(offline!.FromServiceWorker);
        await Visitor.WaitReadyAsync(page);
        await Visitor.CompleteAsync(page, "Kios dimuat ulang tanpa jaringan.");
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 1");

        await context.SetOfflineAsync(false);
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Kios dimuat ulang tanpa jaringan.", seconds: 20));
        Assert.Equal(kioskId, row.KioskId);
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 0");
    }

    [Fact]
    public async Task A_kiosk_that_is_not_enrolled_shows_no_survey()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync(KioskPath);
        await Expect(page.Locator("#enrol")).ToBeVisibleAsync();
        await Expect(page.Locator("#survey")).ToBeHiddenAsync();
    }
}
