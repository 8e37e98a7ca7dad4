using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// A response with no scored answer is never sent: pressing Kirim at once (or with only a suggestion,
/// profile or unscored answers) shows a message beside the questions, in the page's language, moves
/// focus to it, and queues, stores and sends nothing.
/// Careless: Kirim at once, on a phone and on a kiosk. Hostile: a form post to the survey page itself.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EmptySubmissionTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    /// <summary>Responses in IndexedDB's outbox, read the way the page keeps them.</summary>
    private static Task<int> OutboxAsync(IPage page) => page.EvaluateAsync<int>("""
        () => new Promise((ok, fail) => {
          const r = indexedDB.open('mppsurvey', 1);
          r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'id' });
          r.onerror = () => fail(r.error);
          r.onsuccess = () => { const c = r.result.transaction('outbox').objectStore('outbox').count(); c.onsuccess = () => { r.result.close(); ok(c.result); }; };
        })
        """);

    [Theory]
    [InlineData("id", "Jawab sedikitnya satu pertanyaan tentang pelayanan sebelum mengirim.")]
    [InlineData("en", "Please answer at least one question about the service before sending.")]
    public async Task Kirim_with_no_scored_answer_shows_a_message_beside_the_questions_and_sends_nothing(string language, string message)
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        var requests = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/api/", StringComparison.Ordinal)) { requests.Add(r.Url); } };
        var suggestion = $"Hanya saran, tanpa jawaban ({language}).";
        var before = (await Visitor.RowsAsync(app)).Count;
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}&culture={language}");

        // Kirim at once.
        await page.Locator("#send").ClickAsync();
        var none = page.Locator("#none");
        await Expect(none).ToBeVisibleAsync();
        await Expect(none).ToHaveTextAsync(message);
        await Expect(none).ToBeFocusedAsync();
        await Expect(none).ToBeInViewportAsync();
        // Beside the questions: after the service, before the first question.
        Assert.True(await page.EvaluateAsync<bool>("() => !!(document.getElementById('none').compareDocumentPosition(document.getElementById('q-U1')) & Node.DOCUMENT_POSITION_FOLLOWING)"));
        await Expect(page.Locator("#done")).ToBeHiddenAsync();
        var serious = (await Axe.RunAsync(page)).Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, Axe.Describe(serious));

        // A suggestion and a profile alone are still no scored answer.
        await page.Locator("#suggestion").FillAsync(suggestion);
        await page.Locator("label[for=\"g-L\"]").ClickAsync();
        await page.Locator("#send").ClickAsync();
        await Expect(none).ToBeVisibleAsync();
        await Expect(none).ToBeFocusedAsync();
        await Expect(page.Locator("#done")).ToBeHiddenAsync();
        await page.WaitForTimeoutAsync(1000);
        Assert.Equal(before, (await Visitor.RowsAsync(app)).Count);
        Assert.Equal(0, await OutboxAsync(page));
        Assert.Empty(requests);
        await Expect(page.Locator("#queue")).ToBeHiddenAsync();

        // One answer takes the message away and the response goes out, suggestion and all.
        await page.Locator("label[for=\"U5-3\"]").ClickAsync();
        await Expect(none).ToBeHiddenAsync();
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
        var row = Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == suggestion && r.Scores[4] == 3));
        Assert.Equal(before + 1, (await Visitor.RowsAsync(app)).Count);
        Assert.Equal(1, row.Scores.Count(s => s is not null));
        output.WriteLine(string.Join("\n", errors));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_kiosk_refuses_an_empty_Kirim_without_starting_its_cooldown()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var (_, token) = await app.EnrolKioskAsync();
        var page = await context.NewPageAsync();
        var before = (await Visitor.RowsAsync(app)).Count;
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}?kios=1#token={token}");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#none")).ToBeVisibleAsync();
        await Expect(page.Locator("#none")).ToBeFocusedAsync();
        await Expect(page.Locator("#queue")).ToHaveTextAsync("Antrean kirim: 0");
        Assert.Equal(0, await OutboxAsync(page));

        // The refused Kirim was no response: the visitor can send at once, with no cooldown message.
        await Visitor.CompleteAsync(page, "Kios: setelah Kirim kosong.");
        await Expect(page.Locator("#err")).ToBeHiddenAsync();
        Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == "Kios: setelah Kirim kosong."));
        Assert.Equal(before + 1, (await Visitor.RowsAsync(app)).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_form_post_to_the_survey_page_stores_nothing(bool withAntiforgeryToken)
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var before = (await Visitor.RowsAsync(app)).Count;
        var form = page.APIRequest.CreateFormData();
        // Empty and non-empty alike: the page has no form post path; responses go through the JSON API.
        foreach (var (name, value) in new[] { ("U1", "4"), ("suggestion", "Dikirim lewat formulir."), ("service", app.StnkId.ToString(System.Globalization.CultureInfo.InvariantCulture)) })
        {
            form.Append(name, value);
        }
        if (withAntiforgeryToken)
        {
            await page.GotoAsync("/Account/Login");
            form.Append("__RequestVerificationToken", await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync());
        }
        var response = await page.APIRequest.PostAsync($"/survei/{SurveyApp.Regency}", new() { Form = form });
        output.WriteLine($"{response.Status} {await response.TextAsync()}");
        // Without a token the antiforgery check refuses it (400); with one, the page says it takes no posts (405).
        Assert.Equal(withAntiforgeryToken ? 405 : 400, response.Status);
        await Task.Delay(500);
        Assert.Equal(before, (await Visitor.RowsAsync(app)).Count);
    }
}
