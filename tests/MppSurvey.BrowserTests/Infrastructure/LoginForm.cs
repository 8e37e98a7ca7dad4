using Microsoft.Playwright;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>Signs in through the real login form, as a person does.</summary>
public static class LoginForm
{
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        var response = await page.GotoAsync("/Account/Login");
        Assert.Equal(200, response!.Status);
        await page.Locator("input[name=\"Input.Email\"]").FillAsync(email);
        await page.Locator("input[name=\"Input.Password\"]").FillAsync(password);
        await page.Locator("form button[type=submit]").First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase),
            // The first sign-in after start-up can meet the demo's index job on the same two cores.
            new PageWaitForURLOptions { Timeout = 60_000 });
        Assert.Equal(0, await page.Locator("#login-problem").CountAsync());
    }
}
