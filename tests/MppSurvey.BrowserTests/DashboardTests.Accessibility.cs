using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MppSurvey.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace MppSurvey.BrowserTests;

/// <summary>
/// WCAG 2.1 A and AA: an axe audit of the pages beyond the survey and the editor (the dashboards, the
/// ministry's table, the public pages and poster, every admin page), each as the demo user whose role
/// opens it. Part of DashboardTests so that it shares that class's app and its demo data: a page
/// audited empty hides the tables and charts where violations live.
/// </summary>
public sealed partial class DashboardTests
{
    private const string MppAdmin = "admin.jombang@mppsurvey.test";
    private const string Administrator = "admin@mppsurvey.test";
    /// <summary>Stands for the MPP admin's user id, which the database assigns.</summary>
    private const string MppAdminId = "{mpp-admin-id}";

    /// <summary>The pages each demo user audits; a page two roles share is audited once.</summary>
    private static readonly Dictionary<string, (string? User, string[] Paths)> Audits = new()
    {
        ["anonymous"] = (null, ["/", "/Account/Login", "/Account/LupaKataSandi", "/kios", "/publik", $"/publik/{DashboardApp.Regency}", $"/publik/{DashboardApp.Regency}/poster"]),
        ["regional head"] = (DashboardApp.RegionalHead, ["/", $"/dasbor/{DashboardApp.Regency}", "/laporan"]),
        ["ministry"] = (DashboardApp.Deputy, ["/kementerian", "/dasbor", "/Admin/Indices", "/Admin/Pengguna", "/Admin/Periode", "/Admin/TindakLanjut"]),
        ["MPP admin"] = (MppAdmin, ["/", "/Admin/Instansi", "/Admin/Kiosks", "/Admin/Periode", "/Admin/Survei", "/Admin/Qr", "/Admin/TindakLanjut", "/Admin/Import", "/Admin/Templat"]),
        ["administrator"] = (Administrator, ["/Admin/Audit", "/Admin/Pengguna", $"/Admin/Pengguna/Ubah?id={MppAdminId}"]),
    };

    [Theory]
    [InlineData("anonymous")]
    [InlineData("regional head")]
    [InlineData("ministry")]
    [InlineData("MPP admin")]
    [InlineData("administrator")]
    public async Task Every_page_a_user_reaches_passes_the_axe_audit(string who)
    {
        var (user, paths) = Audits[who];
        string mppAdminId;
        await using (var scope = app.Scope())
        {
            mppAdminId = await DashboardApp.Db(scope).Users.Where(u => u.Email == MppAdmin).Select(u => u.Id).SingleAsync();
        }
        await using var context = await browser.NewContextAsync("desktop", app.BaseUrl);
        var page = await context.NewPageAsync();
        var errors = CollectErrors(page);
        if (user is not null)
        {
            await LogInAsync(page, user);
        }

        // Every violation, minor ones too: these pages had none left once fixed, and a new one should
        // be seen when it comes. All pages are audited before the test fails, so one run lists them all.
        var found = new List<string>();
        foreach (var path in paths.Select(p => p.Replace(MppAdminId, Uri.EscapeDataString(mppAdminId), StringComparison.Ordinal)))
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 200, $"{who} {path}: HTTP {response.Status}");
            var clock = Stopwatch.StartNew();
            var violations = await Axe.RunAsync(page);
            output.WriteLine($"{who} {path}: {violations.Count} violation(s) in {clock.ElapsedMilliseconds} ms\n{Axe.Describe(violations)}");
            found.AddRange(violations.Select(v => $"{path}: {Axe.Describe([v])}"));
            found.AddRange((await LayoutProblemsAsync(page)).Select(p => $"{path}: {p}"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Empty(errors);
    }

    /// <summary>
    /// What axe leaves to a person ("needs review"): a page wider than an office screen (1280 px), which
    /// pushes columns and buttons out of sight, and a table with headers and not one row, which a
    /// screen reader announces as a table of nothing.
    /// </summary>
    private static Task<string[]> LayoutProblemsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const problems = [];
          const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
          if (overflow > 0) problems.push(`the page is ${overflow} px wider than the window`);
          for (const t of document.querySelectorAll('table'))
            if (t.querySelector('th') && t.querySelectorAll('tbody tr').length === 0)
              problems.push(`table #${t.id} has headers and no rows`);
          return problems;
        }
        """);

    /// <summary>The careless case: forms sent empty or wrong show their messages, and those pages pass too.</summary>
    [Fact]
    public async Task Forms_showing_their_errors_pass_the_axe_audit()
    {
        var found = new List<string>();
        async Task AuditAsync(IPage page, string state)
        {
            var violations = await Axe.RunAsync(page);
            output.WriteLine($"{state}: {violations.Count} violation(s)\n{Axe.Describe(violations)}");
            found.AddRange(violations.Select(v => $"{state}: {Axe.Describe([v])}"));
        }

        await using (var anonymous = await browser.NewContextAsync("desktop", app.BaseUrl))
        {
            var page = await anonymous.NewPageAsync();
            // An address no demo user has, so that no account is brought nearer its lock-out.
            await page.GotoAsync("/Account/Login");
            await page.Locator("input[name=\"Input.Email\"]").FillAsync("nobody@mppsurvey.test");
            await page.Locator("input[name=\"Input.Password\"]").FillAsync("wrong-password-1");
            await page.Locator("form button[type=submit]").First.ClickAsync();
            await Expect(page.Locator("#login-problem")).ToBeVisibleAsync();
            await AuditAsync(page, "sign-in refused");

            await page.GotoAsync("/kios");
            await page.Locator("form button[type=submit]").ClickAsync();
            await Expect(page.Locator("#code-error")).Not.ToBeEmptyAsync();
            await AuditAsync(page, "kiosk code empty");
        }

        await using var office = await browser.NewContextAsync("desktop", app.BaseUrl);
        var admin = await office.NewPageAsync();
        await LogInAsync(admin, MppAdmin);
        await admin.GotoAsync("/Admin/Instansi");
        await admin.Locator("#add-agency button[type=submit]").ClickAsync();
        await Expect(admin.Locator("#agency-new-error")).Not.ToBeEmptyAsync();
        await AuditAsync(admin, "agency name empty");

        // A period that cannot be and no coverage: refused, so the demo's surveys stay as they are.
        await admin.GotoAsync("/Admin/Survei");
        await admin.Locator("#period").FillAsync("2024-S9");
        await admin.Locator("#population").FillAsync("");
        await admin.Locator("#start-survey input[type=checkbox]:checked").EvaluateAllAsync<int>("cs => { cs.forEach(c => c.checked = false); return cs.length; }");
        await admin.Locator("#start-survey button[type=submit]").ClickAsync();
        await Expect(admin.Locator("#period-error")).Not.ToBeEmptyAsync();
        await AuditAsync(admin, "survey start refused");

        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
