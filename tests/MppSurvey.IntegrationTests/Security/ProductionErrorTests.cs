using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Database;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// Security hardening: in Production a failure inside a request shows the generic error page, or problem+json
/// under /api, and never the exception's type, message or stack.
/// </summary>
public sealed class ProductionErrorTests(ProductionErrorTests.Fixture app) : IClassFixture<ProductionErrorTests.Fixture>
{
    /// <summary>Words only an exception report would contain; the message below carries a "secret".</summary>
    private static readonly string[] Leaks = ["Exception", "Npgsql", "   at ", "rahasia", "10.9.8.7", "StackTrace", "stack"];

    /// <summary>
    /// The app in Production whose database starts failing every query once armed: start-up (which
    /// refuses to finish without a database) has run by then, so the failure is per request, like a
    /// database that goes away under a running app.
    /// </summary>
    public sealed class Fixture : AppFixture
    {
        public FailingQueries Failure { get; } = new();

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Failure.Armed = true;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("PublicOrigin", "https://skm.uji.test");
            builder.UseSetting("Jobs:RunServer", "false");
            builder.ConfigureTestServices(s => s.ConfigureDbContext<MppSurveyDbContext>(o => o.AddInterceptors(Failure)));
        }
    }

    public sealed class FailingQueries : DbCommandInterceptor
    {
        public volatile bool Armed;

        private void Fail()
        {
            if (Armed)
            {
                throw new Npgsql.NpgsqlException("Koneksi rahasia ke Host=10.9.8.7 ditolak");
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Fail();
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Fail();
            return ValueTask.FromResult(result);
        }
    }

    [Fact]
    public async Task A_page_whose_database_query_fails_shows_the_generic_error_page_and_nothing_of_the_exception()
    {
        var response = await LoginClient.Anonymous(app).GetAsync("/publik");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Terjadi kesalahan", body, StringComparison.Ordinal);
        AssertNoLeak(body);
        Assert.Equal(SecurityHeadersTests.StrictPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [InlineData(null, "Terjadi kesalahan")]
    [InlineData("en", "Something went wrong")]
    public async Task An_API_whose_database_query_fails_answers_500_problem_json_and_nothing_of_the_exception(string? language, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/publik");
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        var response = await LoginClient.Anonymous(app).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(500, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(title, json.RootElement.GetProperty("title").GetString());
        AssertNoLeak(body);
        Assert.Equal(SecurityHeadersTests.StrictPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    private static void AssertNoLeak(string body)
    {
        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
