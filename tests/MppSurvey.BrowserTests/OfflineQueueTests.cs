using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>With the network cut, responses wait in IndexedDB and arrive exactly once when it returns.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OfflineQueueTests(BrowserFixture browser, SurveyApp app) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task A_kiosk_queues_submissions_offline_and_delivers_each_exactly_once()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?kios=1&layanan={app.StnkId}#token={app.KioskToken}");
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 0");

        await context.SetOfflineAsync(true);
        await Visitor.CompleteAsync(page, "Offline satu.");
        await Expect(page.Locator("#done-msg")).ToContainTextAsync("tersimpan di perangkat ini");
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 1");
        // The next visitor, after the thank-you and the cooldown, while the network is still down.
        await page.WaitForTimeoutAsync(SurveyApp.CooldownSeconds * 1000);
        await Expect(page.Locator("#survey")).ToBeVisibleAsync();
        await Visitor.CompleteAsync(page, "Offline dua.");
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 2");
        // Retries while offline must not lose or double anything.
        await page.WaitForTimeoutAsync(SurveyApp.RetrySeconds * 1000 + 500);
        Assert.DoesNotContain(await Visitor.RowsAsync(app), r => r.Suggestion is "Offline satu." or "Offline dua.");

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 0", new() { Timeout = 20_000 });
        var rows = await Visitor.WaitForRowsAsync(app, 2, r => r.Suggestion is "Offline satu." or "Offline dua.");
        // More retry rounds pass: still one row each.
        await page.WaitForTimeoutAsync(SurveyApp.RetrySeconds * 2000);
        rows = (await Visitor.RowsAsync(app)).Where(r => r.Suggestion is "Offline satu." or "Offline dua.").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(ResponseChannel.Kiosk, r.Channel);
            Assert.Equal(app.KioskId, r.KioskId);
            Assert.Equal(app.StnkId, r.ServiceId);
            Assert.Equal(app.SamsatId, r.AgencyId);
        });
        Assert.Equal(Visitor.Answers, await Visitor.ScoresAsync(app, rows[0]));
    }

    [Fact]
    public async Task A_phone_response_queued_offline_is_sent_when_the_page_is_opened_again()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}");
        await context.SetOfflineAsync(true);
        await Visitor.CompleteAsync(page, "HP offline.");
        await Expect(page.Locator("#queue")).ToHaveTextAsync("1 jawaban menunggu dikirim dari perangkat ini.");
        await page.CloseAsync();

        // The visitor's phone comes back online later and opens the page again: the queue in IndexedDB is sent.
        await context.SetOfflineAsync(false);
        var again = await context.NewPageAsync();
        await Visitor.OpenAsync(again, $"/survei/{SurveyApp.Regency}");
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "HP offline."));
        Assert.Equal(ResponseChannel.QrPhone, row.Channel);
        Assert.Equal(app.KartuKeluargaId, row.ServiceId);
        Assert.Equal(app.DukcapilId, row.AgencyId);
        Visitor.AssertProfile(row, "HP offline.");
        await Expect(again.Locator("#queue")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_response_whose_acknowledgement_is_lost_is_resent_and_stored_once()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var sentIds = new List<string>();
        var first = true;
        // The first POST reaches the server, but its reply is lost on the way back.
        await page.RouteAsync(new Regex("/api/v1/responses"), async route =>
        {
            sentIds.Add(JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("id").GetString()!);
            if (first)
            {
                first = false;
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}");
        await Visitor.CompleteAsync(page, "Balasan hilang.");
        await Expect(page.Locator("#done-msg")).ToContainTextAsync("tersimpan di perangkat ini");

        await Expect(page.Locator("#queue")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Balasan hilang."));
        Assert.True(sentIds.Count >= 2, $"sent {sentIds.Count} time(s)");
        Assert.All(sentIds, id => Assert.Equal(row.Id.ToString(), id));
        Assert.Single(await Visitor.RowsAsync(app), r => r.Suggestion == "Balasan hilang.");
    }
}
