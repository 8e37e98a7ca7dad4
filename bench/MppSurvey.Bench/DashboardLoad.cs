using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;

namespace MppSurvey.Bench;

/// <summary>
/// Starts the real web app (Release) on the benchmark database, signs in as a ministry user through
/// the login form, and times the regional head's page of one MPP: what a deputy or bupati waits for.
/// </summary>
public static partial class DashboardLoad
{
    private const string Email = "bench.kementerian@mppsurvey.test";
    private const string Password = "Bench-Kementerian-2026!";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<(double p50, double p95, double max, int n)> MeasureAsync(string root, BenchDatabase bench, string regency, string period)
    {
        await using (var scope = bench.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync(Email) is null)
            {
                var user = new AppUser { UserName = Email, Email = Email, EmailConfirmed = true, DisplayName = "Bench" };
                Check(await users.CreateAsync(user, Password));
                Check(await users.AddToRoleAsync(user, Roles.Ministry));
            }
        }

        await using var app = await BenchApp.StartAsync(root, bench.ConnectionString);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var token = TokenPattern().Match(await http.GetStringAsync("/Account/Login")).Groups[1].Value;
        var login = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = Email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"bench login failed: {(int)login.StatusCode}");
        }

        var path = $"/dasbor/{regency}?periode={period}";
        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync(path)).EnsureSuccessStatusCode();
        }
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1], times[^1], times.Count);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
