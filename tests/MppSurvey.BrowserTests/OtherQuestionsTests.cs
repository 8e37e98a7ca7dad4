using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Responses;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// A version of skm with unscored questions (authored as in the browser editor) running at a second
/// MPP: the visitor answers them on the page and they are stored as sent in other_answers.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OtherQuestionsTests(BrowserFixture browser, SurveyApp app) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task A_visitor_answers_the_unscored_questions_and_they_are_stored_as_answered()
    {
        var mallId = await OtherQuestionsMall.EnsureAsync(app);
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);

        await Visitor.OpenAsync(page, $"/survei/{OtherQuestionsMall.Regency}");
        await Expect(page.Locator("#q-Q1 legend")).ToContainTextAsync("Secara keseluruhan, seberapa puas Saudara?");
        // Display order: the added questions come after the nine elements, before the profile.
        var order = await page.Locator("#survey .q[id^=q-]").EvaluateAllAsync<string[]>("qs => qs.map(q => q.id)");
        Assert.Equal(["q-U1", "q-U2", "q-U3", "q-U4", "q-U5", "q-U6", "q-U7", "q-U9", "q-U8", "q-Q1", "q-Q2", "q-Q3", "q-Q4"], order);
        await Visitor.AnswerAsync(page, Visitor.Answers);
        await page.Locator("label[for=\"x-Q1-3\"]").ClickAsync();
        await page.Locator("label[for=\"x-Q2-1\"]").ClickAsync();
        await page.Locator("label[for=\"x-Q2-3\"]").ClickAsync();
        await page.Locator("#x-Q3").FillAsync("  Petugas ramah.  ");
        await page.Locator("#x-Q4").FillAsync("4");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();

        Response? row = null;
        for (var i = 0; i < 60 && row is null; i++)
        {
            await using var scope = app.Scope();
            row = await SurveyApp.Db(scope).Responses.AsNoTracking().FirstOrDefaultAsync(r => r.MallId == mallId);
            if (row is null)
            {
                await Task.Delay(250);
            }
        }
        Assert.NotNull(row);
        var expected = new JsonObject { ["Q1"] = 3, ["Q2"] = new JsonArray(1, 3), ["Q3"] = "Petugas ramah.", ["Q4"] = 4 };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(row.OtherAnswers!)), row.OtherAnswers);
        Assert.Equal([(short)4, 3, 2, 4, null, 3, 4, 1, 3], row.Scores);
        Assert.Empty(errors);
    }
}
