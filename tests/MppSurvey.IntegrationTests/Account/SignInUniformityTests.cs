using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Account;

/// <summary>
/// The sign-in form tells nobody which e-mails have accounts: an unknown e-mail, a wrong password,
/// a locked, disabled or not yet activated account get the same words and take the same time.
/// </summary>
public sealed partial class SignInUniformityTests(AccountFixture app, ITestOutputHelper output) : IClassFixture<AccountFixture>
{
    private const string Known = "dikenal@akun.test";
    private const string Locked = "terkunci@akun.test";
    private const string Disabled = "nonaktif@akun.test";
    private const string Invited = "diundang@akun.test";

    [GeneratedRegex("<p[^>]*id=\"login-problem\"[^>]*>([^<]*)</p>")]
    private static partial Regex ProblemPattern();

    private static bool _usersMade;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Users in each state, made once per class (xunit makes a test-class instance per test).</summary>
    private async Task EnsureUsersAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_usersMade)
            {
                return;
            }
            await app.NewUserAsync(Known, Roles.Ministry);
            await app.NewUserAsync(Locked, Roles.Ministry);
            await app.NewUserAsync(Disabled, Roles.Ministry);
            await using var scope = app.Scope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(Disabled))!, AccountDisabling.Until)).Succeeded);
            // An invitation not yet accepted: an account without a password.
            Assert.True((await users.CreateAsync(new AppUser { UserName = Invited, Email = Invited, InvitedAt = DateTimeOffset.UtcNow, InvitedBy = AccountFixture.Administrator })).Succeeded);
            _usersMade = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Locks the account as five wrong passwords would (15 minutes from now).</summary>
    private async Task LockAsync(string email)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
    }

    /// <summary>Clears the failure count, so that timing a wrong password many times never locks the account.</summary>
    private async Task ResetFailuresAsync(string email)
    {
        await using var scope = app.Scope();
        await app.Db(scope).Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0));
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = ProblemPattern().Match(html);
        Assert.True(match.Success, "no login problem shown");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Theory]
    [InlineData(null, "Email atau kata sandi salah. Lima kali gagal berturut-turut mengunci akun selama 15 menit.")]
    [InlineData("en", "Wrong email or password. Five failures in a row lock an account for 15 minutes.")]
    public async Task Unknown_email_wrong_password_locked_disabled_and_invited_accounts_all_get_exactly_the_same_message(string? culture, string expected)
    {
        await EnsureUsersAsync();
        var lockedRight = "terkunci.benar." + (culture ?? "id") + "@akun.test";
        await app.NewUserAsync(lockedRight, Roles.Ministry);
        await LockAsync(lockedRight);
        await LockAsync(Locked);

        var cases = new (string Case, string Email, string Password)[]
        {
            ("unknown", "tidak.ada." + Guid.NewGuid().ToString("N")[..8] + "@akun.test", "apa-saja-2026"),
            ("wrong password", Known, "salah-sekali-2026"),
            ("locked, wrong password", Locked, "salah-sekali-2026"),
            ("locked, right password", lockedRight, AccountFixture.Password),
            ("disabled, right password", Disabled, AccountFixture.Password),
            ("invited, no password yet", Invited, "apa-saja-2026"),
        };
        var messages = new List<(string Case, string Message)>();
        foreach (var (name, email, password) in cases)
        {
            messages.Add((name, await ProblemAsync(await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), email, password, culture))));
            await ResetFailuresAsync(Known);
        }

        output.WriteLine(string.Join("\n", messages.Select(m => $"{m.Case}: {m.Message}")));
        Assert.All(messages, m => Assert.Equal(expected, m.Message));
    }

    [Fact]
    public async Task An_unknown_email_and_a_locked_account_take_as_long_as_a_wrong_password_for_a_known_one()
    {
        await EnsureUsersAsync();
        await LockAsync(Locked);
        var client = LoginClient.Anonymous(app);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Account/Login");

        async Task<double> TimeAsync(string email)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = "salah-sekali-2026",
                ["__RequestVerificationToken"] = token,
            });
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsync("/Account/Login", form);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await ResetFailuresAsync(Known);
            return elapsed;
        }

        // Warm-up: first compilation of each path, and the one-time dummy hash.
        foreach (var email in new[] { "pemanasan@akun.test", Known, Locked })
        {
            await TimeAsync(email);
        }
        var unknown = new List<double>();
        var known = new List<double>();
        var locked = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            // Interleaved, so a busy moment of the shared machine hits all three alike.
            unknown.Add(await TimeAsync($"tidak.ada.{i}@akun.test"));
            known.Add(await TimeAsync(Known));
            locked.Add(await TimeAsync(Locked));
        }

        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var (u, k, l) = (Median(unknown), Median(known), Median(locked));
        output.WriteLine($"median ms: unknown {u:F1}, known wrong password {k:F1}, locked {l:F1}");
        // Before: unknown ~3 ms and locked ~3 ms against ~77 ms (one password hash). Generous bounds both ways.
        Assert.True(u >= 0.5 * k, $"unknown e-mail {u:F1} ms against known {k:F1} ms");
        Assert.True(l >= 0.5 * k, $"locked account {l:F1} ms against known {k:F1} ms");
        Assert.True(u <= 2 * k && l <= 2 * k, $"unknown {u:F1} ms, locked {l:F1} ms against known {k:F1} ms: more than one hash?");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_further_tries_do_not_move_the_lockout()
    {
        var email = "kunci.tetap@akun.test";
        await app.NewUserAsync(email, Roles.Ministry);
        for (var i = 0; i < 5; i++)
        {
            await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), email, "salah-" + i + "-xxxxx");
        }
        DateTimeOffset? until;
        await using (var scope = app.Scope())
        {
            until = (await app.Db(scope).Users.AsNoTracking().SingleAsync(u => u.Email == email)).LockoutEnd;
        }
        Assert.NotNull(until);
        Assert.True(until > DateTimeOffset.UtcNow.AddMinutes(14), $"locked until {until}");

        await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), email, "salah-lagi-xxxxx");
        var right = await LoginClient.PostLoginAsync(LoginClient.Anonymous(app), email, AccountFixture.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.DoesNotContain("mppsurvey.auth=", string.Join(";", right.Headers.TryGetValues("Set-Cookie", out var c) ? c : []), StringComparison.Ordinal);
        await using var after = app.Scope();
        Assert.Equal(until, (await app.Db(after).Users.AsNoTracking().SingleAsync(u => u.Email == email)).LockoutEnd);
    }
}
