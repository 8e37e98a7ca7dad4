using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using MppSurvey.Core.Identity;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// Security hardening: the real Content-Security-Policy in a real browser. The survey works under it with no
/// violation, an injected inline script is refused, and the Hangfire dashboard works under its own policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityPolicyTests(BrowserFixture browser, SurveyApp app, ITestOutputHelper output) : IClassFixture<SurveyApp>
{
    private const string StrictPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// Records every CSP violation the page reports. Installed through the DevTools protocol before
    /// any of the page's own scripts, so CSP does not apply to it.
    /// </summary>
    private static Task WatchViolationsAsync(IBrowserContext context) =>
        context.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e =>
              window.__cspViolations.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
            """);

    private static Task<string[]> ViolationsAsync(IPage page) => page.EvaluateAsync<string[]>("window.__cspViolations");

    [Fact]
    public async Task A_visitor_completes_the_survey_under_the_real_policy_without_a_single_violation()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        await WatchViolationsAsync(context);
        var page = await context.NewPageAsync();
        var errors = Visitor.CollectErrors(page);
        var suggestion = "Keamanan: kebijakan CSP ketat.";

        var response = await page.GotoAsync($"/survei/{SurveyApp.Regency}?layanan={app.KartuKeluargaId}");
        Assert.Equal(200, response!.Status);
        Assert.Equal(StrictPolicy, await response.HeaderValueAsync("content-security-policy"));
        await Visitor.WaitReadyAsync(page);
        await Visitor.CompleteAsync(page, suggestion);

        Assert.Single(await Visitor.WaitForRowsAsync(app, 1, r => r.Suggestion == suggestion));
        var violations = await ViolationsAsync(page);
        output.WriteLine(string.Join("\n", violations.Concat(errors)));
        Assert.Empty(violations);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_inline_script_slipped_into_the_page_does_not_run()
    {
        await using var context = await browser.NewContextAsync("phone", app.BaseUrl);
        await WatchViolationsAsync(context);
        var page = await context.NewPageAsync();
        await Visitor.OpenAsync(page, $"/survei/{SurveyApp.Regency}");

        // What an injection would do: add markup with a script and an inline handler.
        await page.EvaluateAsync("""
            () => {
              const s = document.createElement('script');
              s.textContent = 'window.__injected = true';
              document.body.appendChild(s);
              const d = document.createElement('div');
              d.innerHTML = '<img src="data:," onload="window.__handler = true">';
              document.body.appendChild(d);
            }
            """);
        await page.WaitForFunctionAsync("window.__cspViolations.length >= 2");

        Assert.False(await page.EvaluateAsync<bool>("window.__injected === true"));
        Assert.False(await page.EvaluateAsync<bool>("window.__handler === true"));
        Assert.All(await ViolationsAsync(page), v => Assert.StartsWith("script-src", v, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_sees_the_Hangfire_dashboard_working_under_its_own_policy()
    {
        const string email = "admin.keamanan@uji.test";
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(admin, SurveyApp.AdminPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(admin, Roles.Administrator)).Succeeded);
        }
        await using var context = await browser.NewContextAsync("desktop", app.BaseUrl);
        await WatchViolationsAsync(context);
        var page = await context.NewPageAsync();
        await LoginForm.SignInAsync(page, email, SurveyApp.AdminPassword);
        var errors = Visitor.CollectErrors(page);

        var response = await page.GotoAsync("/hangfire/recurring");
        Assert.Equal(200, response!.Status);
        var policy = await response.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self' 'unsafe-inline';", policy, StringComparison.Ordinal);
        await Expect(page.Locator("body")).ToContainTextAsync("recompute-indices-nightly");

        // The home page draws its charts (and inserts a <style> element); the others are tables.
        var violations = new List<string>();
        foreach (var path in new[] { "/hangfire", "/hangfire/recurring", "/hangfire/servers", "/hangfire/jobs/enqueued", "/hangfire/jobs/succeeded", "/hangfire/retries" })
        {
            Assert.Equal(200, (await page.GotoAsync(path))!.Status);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            violations.AddRange((await ViolationsAsync(page)).Select(v => $"{path}: {v}"));
        }
        output.WriteLine(string.Join("\n", violations.Concat(errors)));
        Assert.Empty(violations);
        Assert.Empty(errors);
    }
}
