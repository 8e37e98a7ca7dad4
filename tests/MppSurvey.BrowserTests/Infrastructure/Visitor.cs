using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.Core.Responses;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>What a visitor does on the survey page, through the page as a person uses it (taps on labels).</summary>
public static class Visitor
{
    /// <summary>Eight of nine answered: U5 is left blank, which the method allows.</summary>
    public static readonly IReadOnlyDictionary<string, int?> Answers = new Dictionary<string, int?>
    {
        ["U1"] = 4, ["U2"] = 3, ["U3"] = 2, ["U4"] = 4, ["U5"] = null, ["U6"] = 3, ["U7"] = 4, ["U8"] = 1, ["U9"] = 3,
    };

    public static async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await WaitReadyAsync(page);
    }

    /// <summary>The script has attached its handlers (form[data-ready]).</summary>
    public static Task WaitReadyAsync(IPage page) =>
        page.Locator("#survey[data-ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static async Task AnswerAsync(IPage page, IReadOnlyDictionary<string, int?> answers)
    {
        foreach (var (code, value) in answers)
        {
            if (value is int v)
            {
                await page.Locator($"label[for=\"{code}-{v}\"]").ClickAsync();
            }
        }
    }

    public static async Task FillProfileAsync(IPage page, string suggestion)
    {
        await page.Locator("label[for=\"g-P\"]").ClickAsync();
        await page.Locator("#age").FillAsync("34");
        await page.Locator("label[for=\"e-S1/D4\"]").ClickAsync();
        await page.Locator("label[for=\"o-Wirausaha\"]").ClickAsync();
        await page.Locator("#suggestion").FillAsync(suggestion);
    }

    public static async Task CompleteAsync(IPage page, string suggestion)
    {
        await AnswerAsync(page, Answers);
        await FillProfileAsync(page, suggestion);
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done")).ToBeVisibleAsync();
    }

    public static async Task<List<Response>> RowsAsync(SurveyApp app)
    {
        await using var scope = app.Scope();
        return await SurveyApp.Db(scope).Responses.AsNoTracking().Where(r => r.MallId == app.MallId).ToListAsync();
    }

    /// <summary>Polls PostgreSQL until the mall has <paramref name="count"/> matching responses (or the time is up).</summary>
    public static async Task<List<Response>> WaitForRowsAsync(SurveyApp app, int count, Func<Response, bool>? where = null, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var rows = (await RowsAsync(app)).Where(where ?? (_ => true)).ToList();
            if (rows.Count >= count || DateTime.UtcNow > until)
            {
                return rows;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The stored answers by element code, through the template version's element order.</summary>
    public static async Task<Dictionary<string, int?>> ScoresAsync(SurveyApp app, Response row)
    {
        await using var scope = app.Scope();
        var version = await SurveyApp.Db(scope).SurveyTemplateVersions.AsNoTracking().SingleAsync(v => v.Id == row.TemplateVersionId);
        return version.ElementCodes.ToDictionary(c => c, c => (int?)row.Scores[version.ElementIndex(c)]);
    }

    public static void AssertProfile(Response row, string suggestion)
    {
        Assert.Equal(Gender.Female, row.Gender);
        Assert.Equal((short)34, row.Age);
        Assert.Equal(Education.S1D4, row.Education);
        Assert.Equal(Occupation.Wirausaha, row.Occupation);
        Assert.Equal(suggestion, row.Suggestion);
    }

    /// <summary>Browser console errors, so a failing test says what the page said.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        return errors;
    }
}
