using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// An officer's tablet at a mobile-service event (?petugas=1) on a 390 px phone: the service model
/// is set once, stays in view above every form and through a reload, and every response of the session
/// is stored as jemput bola through the officer channel. Careless: before it is set, the switch shows langsung.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OfficerModeTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task The_officer_sets_jemput_bola_once_and_two_responses_of_the_session_are_stored_as_mobile()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var errors = Visitor.CollectErrors(page);
        var first = "Petugas jemput bola: responden pertama.";
        var second = "Petugas jemput bola: responden kedua.";
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}&petugas=1");

        var pick = page.Locator("#officer-model");
        await Expect(pick).ToBeVisibleAsync();
        await Expect(pick).ToHaveValueAsync("langsung");
        await pick.SelectOptionAsync("jemput-bola");
        // Nothing of the page is wider than the phone.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"));

        await Visitor.AnswerAsync(page, Visitor.Answers);
        await page.Locator("#suggestion").FillAsync(first);
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        // Still in view on the thank-you screen, then the next respondent's form.
        await Expect(pick).ToBeVisibleAsync();
        await Expect(pick).ToHaveValueAsync("jemput-bola");
        await page.Locator("#next").ClickAsync();
        await Expect(page.Locator("#survey")).ToBeVisibleAsync();

        // A reload keeps the session's model (sessionStorage).
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}&petugas=1");
        await Expect(pick).ToHaveValueAsync("jemput-bola");
        await Expect(pick).ToBeInViewportAsync();
        await Visitor.AnswerAsync(page, Visitor.Answers);
        await page.Locator("#suggestion").FillAsync(second);
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();

        var rows = await Visitor.WaitForRowsAsync(app, 2, r => r.Suggestion == first || r.Suggestion == second);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(ServiceModel.Mobile, r.ServiceModel);
            Assert.Equal(ResponseChannel.OfficerAssisted, r.Channel);
        });

        // A new session (another tab's storage) starts at langsung again.
        await using var next = await browser.NewContextAsync("phone", app.BaseUrl);
        var fresh = await next.NewPageAsync();
        await Visitor.OpenAsync(fresh, $"/survei/{SurveyApp.Regency}?petugas=1");
        await Expect(fresh.Locator("#officer-model")).ToHaveValueAsync("langsung");
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }
}
