using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// `./run` runs in the Development environment, and it is what a regency tries first on a server: a
/// failure there shows the generic error page (or problem+json under /api) with a correlation id and
/// nothing else: no exception, no stack, no source path, no request header or cookie. The error is
/// logged with the same id. The developer exception page needs the opt-in Diagnostics:DetailedErrors.
/// </summary>
public sealed partial class DevelopmentErrorTests(DevelopmentErrorTests.Fixture app) : IClassFixture<DevelopmentErrorTests.Fixture>
{
    private const string CookieSecret = "CfDJ8cookie-yang-tidak-boleh-tampil";
    private const string HeaderSecret = "nilai-header-rahasia-42";

    /// <summary>Words only an exception report or an echo of the request would contain.</summary>
    private static readonly string[] Leaks =
    [
        "Exception", "   at ", "StackTrace", ".cs:line", "/work/", "rahasia", "10.9.8.7", CookieSecret, HeaderSecret,
        "mppsurvey.auth", "X-Uji-Rahasia", "Cookie",
    ];

    public sealed class Fixture : AppFixture
    {
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
            builder.UseSetting("Jobs:RunServer", "false");
            builder.ConfigureLogging(l => l.AddProvider(Logs));
            builder.ConfigureServices(s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, FailingTestRoutes>());
        }
    }

    [GeneratedRegex("id=\"correlation-id\"[^>]*>([^<]+)<")]
    private static partial Regex ShownId();

    private static HttpRequestMessage Request(string path, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "mppsurvey.auth=" + CookieSecret);
        request.Headers.Add("X-Uji-Rahasia", HeaderSecret);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return request;
    }

    private static void AssertNoLeak(string body)
    {
        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The one error logged for that id: the thrown exception, and the id as a structured value.</summary>
    private CapturedLogs.Entry LoggedFor(string id)
    {
        var errors = app.Logs.Entries.Where(e => e.Level >= LogLevel.Error && e.Values.TryGetValue("CorrelationId", out var v) && Equals(v?.ToString(), id)).ToList();
        var entry = Assert.Single(errors);
        Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.Contains(FailingTestRoutes.Secret, entry.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains(id, entry.Message, StringComparison.Ordinal);
        return entry;
    }

    [Fact]
    public async Task A_failing_page_shows_the_generic_error_page_with_only_a_correlation_id_and_that_id_is_logged()
    {
        var response = await LoginClient.Anonymous(app).SendAsync(Request(FailingTestRoutes.PagePath));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Terjadi kesalahan", body, StringComparison.Ordinal);
        AssertNoLeak(body);
        var shown = ShownId().Match(body);
        Assert.True(shown.Success, "no correlation id on the page");
        var id = shown.Groups[1].Value.Trim();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        LoggedFor(id);
    }

    [Theory]
    [InlineData(null, "Terjadi kesalahan")]
    [InlineData("en", "Something went wrong")]
    public async Task A_failing_API_answers_500_problem_json_with_only_a_correlation_id_and_that_id_is_logged(string? language, string title)
    {
        var response = await LoginClient.Anonymous(app).SendAsync(Request(FailingTestRoutes.ApiPath, language));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoLeak(body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(title, json.RootElement.GetProperty("title").GetString());
        var id = json.RootElement.GetProperty("correlationId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        // Nothing beyond the generic words and the id.
        Assert.Equal(["correlationId", "detail", "status", "title", "type"], json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        LoggedFor(id);
    }

    [Fact]
    public async Task Two_failures_get_two_different_ids()
    {
        var first = await LoginClient.Anonymous(app).SendAsync(Request(FailingTestRoutes.PagePath));
        var second = await LoginClient.Anonymous(app).SendAsync(Request(FailingTestRoutes.PagePath));

        Assert.NotEqual(first.Headers.GetValues("X-Correlation-Id").Single(), second.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task An_unknown_page_shows_the_generic_404_page_and_logs_no_error()
    {
        var before = ErrorsOfThisHost();

        var response = await LoginClient.Anonymous(app).SendAsync(Request("/tidak-ada-halaman-ini"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Terjadi kesalahan (404)", body, StringComparison.Ordinal);
        AssertNoLeak(body);
        Assert.Equal(before, ErrorsOfThisHost());
    }

    /// <summary>
    /// Errors this host logged. Hangfire keeps one log provider for the whole process (HangfireLogBridge):
    /// the host started last gets every host's Hangfire lines, such as another class's job failing on
    /// purpose or its server losing its dropped database. Those are no error of this host's requests.
    /// </summary>
    private int ErrorsOfThisHost() =>
        app.Logs.Entries.Count(e => e.Level >= LogLevel.Error && !e.Category.StartsWith("Hangfire", StringComparison.Ordinal));

    [Fact]
    public async Task With_the_opt_in_setting_a_developer_sees_the_detailed_page()
    {
        await using var detailed = app.WithWebHostBuilder(b => b.UseSetting("Diagnostics:DetailedErrors", "true"));
        var client = detailed.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.SendAsync(Request(FailingTestRoutes.PagePath));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("InvalidOperationException", body, StringComparison.Ordinal);
    }
}
