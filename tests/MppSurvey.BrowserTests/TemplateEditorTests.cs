using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>The template editor as an administrator uses it: buttons only, no script, audited with axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TemplateEditorTests(BrowserFixture browser, DashboardApp app, ITestOutputHelper output) : IClassFixture<DashboardApp>
{
    private async Task AssertNoSeriousViolationsAsync(IPage page, string state)
    {
        var violations = await Axe.RunAsync(page);
        output.WriteLine($"{state}: {violations.Count} violation(s)\n{Axe.Describe(violations)}");
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{state}:\n{Axe.Describe(serious)}");
    }

    [Fact]
    public async Task An_administrator_makes_a_draft_adds_a_question_moves_it_up_and_previews_it()
    {
        await using var context = await browser.NewContextAsync("tablet", app.BaseUrl);
        var page = await context.NewPageAsync();
        await LoginForm.SignInAsync(page, "admin@mppsurvey.test", DashboardApp.Password);

        await page.GotoAsync("/Admin/Templat");
        await AssertNoSeriousViolationsAsync(page, "list");
        await page.Locator("#template-skm tr").Filter(new() { HasText = "v1" }).GetByRole(AriaRole.Button, new() { Name = "Versi baru dari ini" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Admin/Templat/Draf/", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Templat skm versi 2");
        await AssertNoSeriousViolationsAsync(page, "editor");

        await page.Locator("#add button[value=add-single]").ClickAsync();
        await Expect(page.Locator("#draft-message")).ToHaveTextAsync("Draf disimpan.");
        var last = page.Locator("ol.questions > li").Last;
        await Expect(last.Locator("legend").First).ToContainTextAsync("Q1");
        await last.Locator("button[value^=up-]").ClickAsync();
        await Expect(page.Locator("ol.questions > li").Nth(8).Locator("legend").First).ToContainTextAsync("Q1");

        var preview = page.FrameLocator("iframe.phone-preview");
        await Expect(preview.Locator("#preview")).ToContainTextAsync("Pratinjau / Preview");
        await Expect(preview.Locator("#q-Q1")).ToBeVisibleAsync();
        await Expect(preview.Locator("#send")).ToBeDisabledAsync();

        await using var scope = app.Scope();
        var draft = await DashboardApp.Db(scope).SurveyTemplateVersions.AsNoTracking().SingleAsync(v => v.Template!.Code == "skm" && v.Version == 2);
        Assert.Null(draft.PublishedAt);
        Assert.Equal("admin@mppsurvey.test", draft.CreatedBy);
    }
}
