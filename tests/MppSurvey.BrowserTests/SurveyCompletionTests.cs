using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SurveyCompletionTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    [Theory]
    [InlineData("phone", "id", true)]
    [InlineData("phone", "en", false)]
    [InlineData("tablet", "id", false)]
    [InlineData("tablet", "en", true)]
    public async Task A_visitor_completes_the_survey_and_the_response_is_stored(string device, string language, bool qrBound)
    {
        await using var context = await browser.NewContextAsync(device, app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        var suggestion = $"Antrean {device} {language} terlalu panjang.";

        // A counter's QR code carries its service; without it the visitor picks one from the list.
        await Visitor.OpenAsync(page, qrBound ? $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}" : $"/survei/{SurveyApp.Regency}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        await Expect(page.Locator("#q-U1 legend")).ToContainTextAsync("kesesuaian persyaratan pelayanan dengan jenis pelayanannya");
        if (language == "en")
        {
            await page.Locator("a.lang").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Visitor.WaitReadyAsync(page);
            await Expect(page.Locator("#q-U1 legend")).ToContainTextAsync("How well do the service requirements fit the kind of service?");
            await Expect(page.Locator("label[for=\"U7-4\"]")).ToHaveTextAsync("Very polite and friendly");
            await Expect(page.Locator("#send")).ToHaveTextAsync("Send answers");
        }
        else
        {
            await Expect(page.Locator("label[for=\"U4-4\"]")).ToHaveTextAsync("Gratis");
            await Expect(page.Locator("#send")).ToHaveTextAsync("Kirim jawaban");
        }
        // Display order of the standard questionnaire: facilities (U9) before complaint handling (U8).
        var order = await page.Locator("fieldset.q[id^=q-U]").EvaluateAllAsync<string[]>("fs => fs.map(f => f.id)");
        Assert.Equal(["q-U1", "q-U2", "q-U3", "q-U4", "q-U5", "q-U6", "q-U7", "q-U9", "q-U8"], order);

        int expectedService, expectedAgency;
        if (qrBound)
        {
            await Expect(page.Locator(".svc-bound")).ToContainTextAsync("Kartu Keluarga");
            Assert.Equal(0, await page.Locator("#svc").CountAsync());
            (expectedService, expectedAgency) = (app.KartuKeluargaId, app.DukcapilId);
        }
        else
        {
            // Searching narrows the list; a single match is chosen for the visitor.
            await page.Locator("#svc-q").FillAsync(device == "phone" ? "stnk" : "akta");
            (expectedService, expectedAgency) = device == "phone" ? (app.StnkId, app.SamsatId) : (app.AktaKelahiranId, app.DukcapilId);
            await Expect(page.Locator("#svc")).ToHaveValueAsync(expectedService.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Visitor.AnswerAsync(page, Visitor.Answers);
        await Expect(page.Locator("#progtext")).ToHaveTextAsync(language == "en" ? "8 of 9 questions answered" : "8 dari 9 pertanyaan dijawab");
        await Visitor.FillProfileAsync(page, suggestion);
        await page.Locator("#send").ClickAsync();

        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        await Expect(page.Locator("#done-msg")).ToHaveTextAsync(language == "en" ? "We have received your answers." : "Jawaban Anda sudah kami terima.");
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == suggestion));
        Assert.Equal(app.MallId, row.MallId);
        Assert.Equal(expectedAgency, row.AgencyId);
        Assert.Equal(expectedService, row.ServiceId);
        Assert.Equal(ResponseChannel.QrPhone, row.Channel);
        Assert.Null(row.KioskId);
        Assert.Equal(Visitor.Answers, await Visitor.ScoresAsync(app, row));
        Visitor.AssertProfile(row, suggestion);
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_unknown_MPP_is_not_found()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/survei/99.99");
        Assert.Equal(404, response!.Status);
    }

    [Fact]
    public async Task The_survey_can_be_answered_with_the_keyboard_alone()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.StnkId}");

        // Focus order follows the page: language link, then the first question's answers.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("lang", await page.EvaluateAsync<string>("document.activeElement.className"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("U1", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("U2", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#U1-3")).ToBeCheckedAsync();
        await Expect(page.Locator("#U2-1")).ToBeCheckedAsync();
        // The focused answer is visibly marked (WCAG 2.4.7): an outline on its label.
        var outline = await page.Locator("label[for=\"U2-1\"]").EvaluateAsync<string>("l => getComputedStyle(l).outlineStyle");
        Assert.Equal("solid", outline);

        await page.Locator("#send").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.ServiceId == app.StnkId && r.Suggestion is null));
        var scores = await Visitor.ScoresAsync(app, row);
        Assert.Equal(3, scores["U1"]);
        Assert.Equal(1, scores["U2"]);
        Assert.Null(scores["U3"]);
    }
}
