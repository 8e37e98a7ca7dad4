using MppSurvey.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// Signing out with the header's "Keluar" button in Chromium, and what the back button shows
/// afterwards: a signed-in page is never kept by the browser, so going back asks the server again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutTests(BrowserFixture browser, SurveyApp app) : IClassFixture<SurveyApp>
{
    [Fact]
    public async Task The_header_sign_out_button_signs_out_and_the_back_button_shows_no_signed_in_page()
    {
        await using var context = await browser.NewContextAsync("desktop", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        await LoginForm.SignInAsync(page, SurveyApp.AdminEmail, SurveyApp.AdminPassword);
        await page.GotoAsync("/Admin/Kiosks");
        await Expect(page.Locator("header.bar")).ToContainTextAsync("Keluar");

        await page.Locator("header.bar form button[type=submit]").ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith("/Account/Logout", StringComparison.Ordinal));
        await Expect(page.Locator("main")).ToContainTextAsync("Anda telah keluar.");
        await Expect(page.Locator("header.bar")).ToContainTextAsync("Masuk");

        // Back to the admin page: not shown from the browser's cache, but asked again and refused.
        await page.GoBackAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
        await Expect(page.Locator("input[name=\"Input.Email\"]")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }
}
