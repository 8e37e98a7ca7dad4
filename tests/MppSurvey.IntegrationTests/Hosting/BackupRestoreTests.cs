using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Reporting;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>
/// The README's backup and restore procedure (Running in production), step by step: pg_dump in
/// custom format of a database with responses, index results, users, sessions, data-protection keys
/// and Hangfire's schema; the original dropped; pg_restore into a new database; a second app on it
/// serves the same figures and accepts the cookie the first app issued.
/// </summary>
public sealed partial class BackupRestoreTests
{
    private const string Ministry = "kementerian@mppsurvey.test";
    private const string Jombang = "35.17";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static Dictionary<string, string> Settings(bool demo)
    {
        // No Hangfire workers: the index job is run by the test, and nothing runs behind its back.
        var settings = new Dictionary<string, string> { ["Jobs:RunServer"] = "false" };
        if (demo)
        {
            settings["Demo:Seed"] = "true";
            settings["Demo:Scale"] = DemoAppFixture.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return settings;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    /// <summary>Through the real login form; returns the login cookie (`name=value`) as a browser would keep it.</summary>
    private static async Task<string> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetAsync("/Account/Login");
        var token = TokenPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", SetCookies(form)));
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return SetCookies(response).Single(c => c.StartsWith("mppsurvey.auth=", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>What the backup must carry, counted table by table (Hangfire's jobs too).</summary>
    private static async Task<long[]> CountsAsync(MppSurveyDbContext db)
    {
        var counts = new List<long>();
        foreach (var query in new[]
        {
            "SELECT count(*) AS \"Value\" FROM responses",
            "SELECT count(*) AS \"Value\" FROM index_results",
            "SELECT count(*) AS \"Value\" FROM asp_net_users",
            "SELECT count(*) AS \"Value\" FROM user_sessions",
            "SELECT count(*) AS \"Value\" FROM data_protection_keys",
            "SELECT count(*) AS \"Value\" FROM hangfire.job",
        })
        {
            counts.Add(await db.Database.SqlQueryRaw<long>(query).SingleAsync());
        }
        return [.. counts];
    }

    [Fact]
    public async Task A_pg_dump_restored_into_a_new_database_serves_the_same_indices_and_accepts_the_same_login_cookie()
    {
        var original = await TestPostgres.CreateDatabaseAsync();
        var restored = await TestPostgres.CreateDatabaseAsync();
        var dump = Path.Combine(Path.GetTempPath(), $"mppsurvey-backup-{Guid.NewGuid():N}.dump");
        try
        {
            string cookie, publicJson, allPublicJson, ministryPage;
            long[] before;
            await using (var first = new AppInstance(original, Settings(demo: true)))
            {
                var client = first.Client();
                await using (var scope = first.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<IndexJob>().RunAsync(null, false, CancellationToken.None);
                    cookie = await SignInAsync(client, Ministry, DemoSeeder.Password);
                    before = await CountsAsync(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>());
                }
                publicJson = await client.GetStringAsync($"/api/v1/publik/{Jombang}");
                allPublicJson = await client.GetStringAsync("/api/v1/publik");
                var page = await GetAsync(client, "/Kementerian", cookie);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                ministryPage = await page.Content.ReadAsStringAsync();
            }
            // Responses, published indices, the users, the session just made, a key, the queued jobs.
            Assert.All(before, count => Assert.True(count > 0, string.Join(", ", before)));
            Assert.Contains("\"index\":", publicJson, StringComparison.Ordinal);

            await PostgresClient.RunAsync("pg_dump", original, "--format=custom", "--file", dump);
            // The original is gone: whatever the second app shows comes from the dump.
            await TestPostgres.DropDatabaseAsync(original);
            await PostgresClient.RunAsync("pg_restore", restored, "--exit-on-error", "--no-owner", dump);

            await using var second = new AppInstance(restored, Settings(demo: false));
            var again = second.Client();
            await using (var scope = second.Services.CreateAsyncScope())
            {
                Assert.Equal(before, await CountsAsync(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>()));
            }
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/ready")).StatusCode);
            Assert.Equal(publicJson, await again.GetStringAsync($"/api/v1/publik/{Jombang}"));
            Assert.Equal(allPublicJson, await again.GetStringAsync("/api/v1/publik"));

            // The first app's cookie: its key ring and its session row came back with the dump.
            var me = await GetAsync(again, "/api/v1/me", cookie);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains($"\"email\":\"{Ministry}\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var restoredPage = await GetAsync(again, "/Kementerian", cookie);
            Assert.Equal(HttpStatusCode.OK, restoredPage.StatusCode);
            Assert.Equal(WithoutTokens(ministryPage), WithoutTokens(await restoredPage.Content.ReadAsStringAsync()));
        }
        finally
        {
            File.Delete(dump);
            await TestPostgres.DropDatabaseAsync(original);
            await TestPostgres.DropDatabaseAsync(restored);
        }
    }

    /// <summary>A page's antiforgery tokens differ on every request; the figures around them must not.</summary>
    private static string WithoutTokens(string html) => TokenPattern().Replace(html, "");
}
