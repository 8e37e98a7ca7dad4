using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// The visitor's draft: what a visitor entered survives a language switch, a reload and the back
/// button on the same device until it is sent (then it is gone), belongs to one MPP, template and
/// counter, and a kiosk keeps nothing of it past a reset.
/// Careless: back/forward after sending, reload while offline, a double tap on Kirim (one response).
/// Hostile: a tampered draft in sessionStorage (broken JSON, ids of elements outside the form).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyDraftTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    private static readonly Dictionary<string, int?> Three = new() { ["U1"] = 4, ["U2"] = 3, ["U3"] = 2 };

    private static async Task AssertAnsweredAsync(IPage page, IReadOnlyDictionary<string, int?> answers, string progress)
    {
        await Expect(page.Locator("#progtext")).ToHaveTextAsync(progress);
        foreach (var (code, value) in answers)
        {
            await Expect(page.Locator($"#{code}-{value}")).ToBeCheckedAsync();
        }
        Assert.Equal(answers.Count, await page.Locator("fieldset.q[id^=q-U] input:checked").CountAsync());
    }

    private static async Task AssertBlankAsync(IPage page, string progress = "0 dari 9 pertanyaan dijawab")
    {
        await Expect(page.Locator("#survey")).ToBeVisibleAsync();
        await Expect(page.Locator("#progtext")).ToHaveTextAsync(progress);
        Assert.Equal(0, await page.Locator("#survey input:checked").CountAsync());
        await Expect(page.Locator("#age")).ToHaveValueAsync("");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync("");
    }

    private static Task<int> SessionKeysAsync(IPage page) => page.EvaluateAsync<int>("sessionStorage.length");

    [Fact]
    public async Task Answers_profile_and_suggestion_survive_a_language_switch_a_reload_and_the_back_button_and_are_sent_once()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        const string suggestion = "Ruang tunggu terlalu panas.";
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}");
        await Visitor.AnswerAsync(page, Three);
        await page.Locator("label[for=\"g-P\"]").ClickAsync();
        await page.Locator("#age").FillAsync("34");
        await page.Locator("#suggestion").FillAsync(suggestion);
        await Expect(page.Locator("#progtext")).ToHaveTextAsync("3 dari 9 pertanyaan dijawab");

        // Switching language mid-survey keeps everything.
        await page.Locator("a.lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Visitor.WaitReadyAsync(page);
        await AssertAnsweredAsync(page, Three, "3 of 9 questions answered");
        await Expect(page.Locator("#g-P")).ToBeCheckedAsync();
        await Expect(page.Locator("#age")).ToHaveValueAsync("34");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync(suggestion);

        // One more answer in English, then a reload keeps all four.
        var four = new Dictionary<string, int?>(Three) { ["U4"] = 1 };
        await page.Locator("label[for=\"U4-1\"]").ClickAsync();
        await page.ReloadAsync();
        await Visitor.WaitReadyAsync(page);
        await AssertAnsweredAsync(page, four, "4 of 9 questions answered");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync(suggestion);

        // The back button to the Indonesian page shows the latest answers, not that page as it was left.
        await page.GoBackAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        await Visitor.WaitReadyAsync(page);
        await AssertAnsweredAsync(page, four, "4 dari 9 pertanyaan dijawab");
        await Expect(page.Locator("#age")).ToHaveValueAsync("34");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync(suggestion);

        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        Assert.Equal(0, await SessionKeysAsync(page));
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == suggestion));
        var scores = await Visitor.ScoresAsync(app, row);
        Assert.Equal(new Dictionary<string, int?>
        {
            ["U1"] = 4, ["U2"] = 3, ["U3"] = 2, ["U4"] = 1, ["U5"] = null, ["U6"] = null, ["U7"] = null, ["U8"] = null, ["U9"] = null,
        }, scores);
        Assert.Equal(Gender.Female, row.Gender);
        Assert.Equal((short)34, row.Age);
        Assert.Equal(app.KartuKeluargaId, row.ServiceId);

        // Careless: forward to the English page (which held the answers) and a reload after sending
        // show a blank form; nothing is sent a second time.
        await page.GoForwardAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Visitor.WaitReadyAsync(page);
        await AssertBlankAsync(page, "0 of 9 questions answered");
        await page.ReloadAsync();
        await Visitor.WaitReadyAsync(page);
        await AssertBlankAsync(page, "0 of 9 questions answered");
        await page.WaitForTimeoutAsync(1000);
        Assert.Single(await Visitor.RowsAsync(app), r => r.Suggestion == suggestion);
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Unscored_answers_and_the_profile_survive_a_language_switch_and_are_stored_as_answered()
    {
        var mallId = await OtherQuestionsMall.EnsureAsync(app);
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{OtherQuestionsMall.Regency}");
        await page.Locator("label[for=\"U2-4\"]").ClickAsync();
        await page.Locator("label[for=\"x-Q1-3\"]").ClickAsync();
        await page.Locator("label[for=\"x-Q2-1\"]").ClickAsync();
        await page.Locator("label[for=\"x-Q2-3\"]").ClickAsync();
        await page.Locator("#x-Q3").FillAsync("Petugas ramah.");
        await page.Locator("#x-Q4").FillAsync("4");
        await page.Locator("label[for=\"e-SMA\"]").ClickAsync();
        await page.Locator("label[for=\"o-Wirausaha\"]").ClickAsync();

        await page.Locator("a.lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Visitor.WaitReadyAsync(page);
        await Expect(page.Locator("#progtext")).ToHaveTextAsync("1 of 9 questions answered");
        foreach (var id in new[] { "U2-4", "x-Q1-3", "x-Q2-1", "x-Q2-3", "e-SMA", "o-Wirausaha" })
        {
            await Expect(page.Locator($"[id=\"{id}\"]")).ToBeCheckedAsync();
        }
        await Expect(page.Locator("#x-Q2-2")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#x-Q3")).ToHaveValueAsync("Petugas ramah.");
        await Expect(page.Locator("#x-Q4")).ToHaveValueAsync("4");

        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        Response? row = null;
        for (var i = 0; i < 60 && row is null; i++)
        {
            await using var scope = app.Scope();
            row = await SurveyApp.Db(scope).Responses.AsNoTracking().FirstOrDefaultAsync(r => r.MallId == mallId);
            await Task.Delay(row is null ? 250 : 0);
        }
        Assert.NotNull(row);
        Assert.Equal([null, (short)4, null, null, null, null, null, null, null], row.Scores);
        Assert.Equal(Education.SMA, row.Education);
        var other = JsonNode.Parse(row.OtherAnswers!)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Q1":3,"Q2":[1,3],"Q3":"Petugas ramah.","Q4":4}"""), other), row.OtherAnswers);
    }

    [Fact]
    public async Task A_draft_belongs_to_its_MPP_and_counter_and_a_chosen_service_survives_a_language_switch()
    {
        await OtherQuestionsMall.EnsureAsync(app);
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var counter = $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}";
        await Visitor.OpenAsync(page, counter);
        await page.Locator("label[for=\"U1-2\"]").ClickAsync();
        await page.Locator("#suggestion").FillAsync("Draf loket KK.");

        // Another counter's QR code, the MPP's own (unbound) page and another MPP start blank.
        foreach (var other in new[] { $"/survei/{SurveyApp.Regency}?layanan={app.StnkId}", $"/survei/{SurveyApp.Regency}", $"/survei/{OtherQuestionsMall.Regency}" })
        {
            await Visitor.OpenAsync(page, other);
            await AssertBlankAsync(page);
        }

        // The unbound page keeps its own draft, including the service picked from the list.
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}");
        await page.Locator("#svc").SelectOptionAsync(app.StnkId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("label[for=\"U9-3\"]").ClickAsync();
        await page.Locator("a.lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Visitor.WaitReadyAsync(page);
        await Expect(page.Locator("#svc")).ToHaveValueAsync(app.StnkId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertAnsweredAsync(page, new Dictionary<string, int?> { ["U9"] = 3 }, "1 of 9 questions answered");

        // Back at the first counter, its own draft is still there.
        await Visitor.OpenAsync(page, counter);
        await AssertAnsweredAsync(page, new Dictionary<string, int?> { ["U1"] = 2 }, "1 dari 9 pertanyaan dijawab");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync("Draf loket KK.");
    }

    [Fact]
    public async Task A_reload_while_offline_keeps_the_draft_and_a_response_queued_offline_ends_it()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var path = $"/survei/{SurveyApp.Regency}?layanan={app.AktaKelahiranId}";
        await Visitor.OpenAsync(page, path);
        await Visitor.AnswerAsync(page, Three);
        await page.Locator("#suggestion").FillAsync("Sinyal hilang.");

        await context.SetOfflineAsync(true);
        await Assert.ThrowsAsync<PlaywrightException>(() => page.ReloadAsync());
        await context.SetOfflineAsync(false);
        await Visitor.OpenAsync(page, path);
        await AssertAnsweredAsync(page, Three, "3 dari 9 pertanyaan dijawab");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync("Sinyal hilang.");

        // Sent while offline: queued on the device, and the draft is gone at once.
        await context.SetOfflineAsync(true);
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done-msg")).ToContainTextAsync("tersimpan di perangkat ini");
        Assert.Equal(0, await SessionKeysAsync(page));
        await context.SetOfflineAsync(false);
        await Visitor.OpenAsync(page, path);
        await AssertBlankAsync(page);
        var rows = await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Sinyal hilang.");
        await page.WaitForTimeoutAsync(SurveyApp.RetrySeconds * 1000);
        Assert.Single(await Visitor.RowsAsync(app), r => r.Suggestion == "Sinyal hilang.");
        Assert.Equal(4, (await Visitor.ScoresAsync(app, rows[0]))["U1"]);
    }

    [Fact]
    public async Task A_double_tap_on_Kirim_sends_one_response()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.StnkId}");
        await Visitor.AnswerAsync(page, Three);
        await page.Locator("#suggestion").FillAsync("Ketuk dua kali.");
        // Two submits in the same task, as a fast double tap can deliver them.
        await page.EvaluateAsync("() => { const f = document.getElementById('survey'); f.requestSubmit(); f.requestSubmit(); }");
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Ketuk dua kali.");
        await page.WaitForTimeoutAsync(1500);
        Assert.Single(await Visitor.RowsAsync(app), r => r.Suggestion == "Ketuk dua kali.");
        Assert.Equal(0, await SessionKeysAsync(page));
    }

    [Fact]
    public async Task A_tampered_draft_is_ignored_and_never_reaches_outside_the_form()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}");
        await page.Locator("label[for=\"U1-4\"]").ClickAsync();
        var key = await page.EvaluateAsync<string?>("sessionStorage.key(0)");
        Assert.NotNull(key);
        var sendLabel = await page.Locator("#send").TextContentAsync();

        string[] tampered =
        [
            "{", "null", "[]", "7", "\"x\"", """{"v":7}""", """{"v":[null,7,{},[]]}""",
            """{"v":["send","title","survey",["send","Hack"],["title","Hack"],["U1-4","x"],["svc","999999"]],"t":"x","s":"x"}""",
        ];
        foreach (var value in tampered)
        {
            await page.EvaluateAsync("([k, v]) => sessionStorage.setItem(k, v)", new[] { key, value });
            await page.ReloadAsync();
            await Visitor.WaitReadyAsync(page);
            await AssertBlankAsync(page);
            await Expect(page.Locator("#send")).ToHaveTextAsync(sendLabel!);
            await Expect(page.Locator("#title")).Not.ToHaveTextAsync("Hack");
        }

        // A start time no clock can show is not taken over: the answer is, and it is sent.
        await page.EvaluateAsync("([k, v]) => sessionStorage.setItem(k, v)", new[] { key, """{"v":["U1-4"],"t":1e300}""" });
        await page.ReloadAsync();
        await Visitor.WaitReadyAsync(page);
        await AssertAnsweredAsync(page, new Dictionary<string, int?> { ["U1"] = 4 }, "1 dari 9 pertanyaan dijawab");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Scores[0] == 4 && r.Scores.Count(s => s is not null) == 1 && r.Suggestion is null));
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_kiosk_keeps_a_draft_through_a_language_switch_and_clears_it_on_every_reset()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (_, token) = await app.EnrolKioskAsync();
        var page = await context.NewPageAsync();
        var home = $"/survei/{SurveyApp.Regency}?kios=1";
        await Visitor.OpenAsync(page, $"{home}#token={token}");
        await Visitor.AnswerAsync(page, Three);
        await page.Locator("#suggestion").FillAsync("Kios: belum selesai.");

        await page.Locator("a.lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Visitor.WaitReadyAsync(page);
        await AssertAnsweredAsync(page, Three, "3 of 9 questions answered");
        await Expect(page.Locator("#suggestion")).ToHaveValueAsync("Kios: belum selesai.");

        // The visitor walks away without touching anything more: the idle reset takes the kiosk
        // home in Indonesian, blank, with no draft left to bring back.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id", new() { Timeout = (SurveyApp.IdleSeconds + 10) * 1000 });
        await Visitor.WaitReadyAsync(page);
        await AssertBlankAsync(page);
        Assert.Equal(0, await SessionKeysAsync(page));
        await page.ReloadAsync();
        await Visitor.WaitReadyAsync(page);
        await AssertBlankAsync(page);

        // The next visitor sends; after the thank-you the kiosk is blank and holds no draft.
        await Visitor.CompleteAsync(page, "Kios: terkirim.");
        await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Kios: terkirim.");
        await page.WaitForTimeoutAsync(SurveyApp.ThanksSeconds * 1000 + 500);
        await AssertBlankAsync(page);
        Assert.Equal(0, await SessionKeysAsync(page));
        await page.ReloadAsync();
        await Visitor.WaitReadyAsync(page);
        await AssertBlankAsync(page);
        Assert.Single(await Visitor.RowsAsync(app), r => r.Suggestion == "Kios: terkirim.");
        Assert.DoesNotContain(await Visitor.RowsAsync(app), r => r.Suggestion == "Kios: belum selesai.");
    }
}
