using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MppSurvey.Core.Database;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// Under /api every answer that is not a success is application/problem+json (RFC 9457) with a
/// title in the caller's language (Indonesian by default; Accept-Language: en or ?culture=en for
/// English): 400, 401, 403, 404, 405, 413, 415, 429, 500, 503. Pages outside /api keep the HTML error page.
/// </summary>
public sealed class ApiErrorResponseTests(ApiErrorResponseTests.Fixture app, ITestOutputHelper output) : IClassFixture<ApiErrorResponseTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public Outage Outage { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:RunServer", "false");
            // The anonymous budget never runs out here; the kiosk budget (its own partition) does, after three.
            builder.UseSetting("Survey:RateLimit:PermitLimit", "100000");
            builder.UseSetting("Survey:RateLimit:KioskPermitLimit", "3");
            builder.UseSetting("Survey:RateLimit:WindowSeconds", "600");
            builder.ConfigureServices(s => s.AddTransient<IStartupFilter, FailingTestRoutes>());
            builder.ConfigureTestServices(s => s.ConfigureDbContext<MppSurveyDbContext>(o => o.AddInterceptors(Outage)));
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Identity.AppUser>>(),
                SecurityFixture.Password, (SecurityFixture.Ministry, Core.Identity.Roles.Ministry, null, null));
        }
    }

    /// <summary>PostgreSQL out of reach while armed: every query fails as a dropped connection does.</summary>
    public sealed class Outage : DbCommandInterceptor
    {
        public volatile bool Armed;

        private void Fail()
        {
            if (Armed)
            {
                throw new Npgsql.NpgsqlException("Exception while connecting", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
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

    /// <summary>Every text of the resource file of one language (Indonesian: the neutral file; English: its own).</summary>
    private HashSet<string> Texts(string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var text = app.Services.GetRequiredService<IStringLocalizer<SharedText>>();
            return text.GetAllStrings(includeParentCultures: culture != "en").Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Checks the answer is problem+json with the status and a title of the language asked for; returns the body.</summary>
    private async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, bool english, string what)
    {
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode}, expected {status}");
        Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType,
            $"{what}: {(int)response.StatusCode} {response.Content.Headers.ContentType}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadAsStringAsync();
        if (response.RequestMessage?.Method == HttpMethod.Head)
        {
            return default;
        }
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        var title = json.GetProperty("title").GetString()!;
        var (mine, other) = english ? (Texts("en"), Texts("id-ID")) : (Texts("id-ID"), Texts("en"));
        Assert.True(mine.Contains(title), $"{what}: title '{title}' is not a text of {(english ? "English" : "Indonesian")}");
        Assert.False(other.Contains(title) && !mine.Contains(title), $"{what}: title '{title}' is of the other language");
        Assert.True(json.TryGetProperty("correlationId", out var id) && id.GetString()!.Length == 32, $"{what}: no correlationId: {body}");
        return json;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? language = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return request;
    }

    public static TheoryData<string, string, int, string?> Refusals() => new()
    {
        { "GET", "/api/v1/me", 401, null },
        { "GET", "/api/v1/me", 401, "en" },
        { "GET", "/api/v1/tidak-ada", 404, null },
        { "GET", "/api/v1/tidak-ada?culture=en", 404, null },
        { "GET", "/api/v1/publik/99.99", 404, "en" },
        { "GET", "/api", 404, null },
        { "GET", "/api/v1/responses", 405, null },
        { "GET", "/api/v1/responses", 405, "en-US,en;q=0.9" },
        { "DELETE", "/api/v1/me", 405, "en" },
        { "PUT", "/api/v1/publik", 405, null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refusal_under_api_is_problem_json_in_the_callers_language(string method, string path, int status, string? language)
    {
        var response = await LoginClient.Anonymous(app).SendAsync(Request(new HttpMethod(method), path, language));

        var english = language is not null || path.Contains("culture=en", StringComparison.Ordinal);
        await AssertProblemAsync(response, status, english, $"{method} {path}");
    }

    [Fact]
    public async Task A_signed_in_caller_refused_by_role_gets_403_problem_json()
    {
        var client = await LoginClient.SignedInAsync(app, SecurityFixture.Ministry, SecurityFixture.Password);

        await AssertProblemAsync(await client.SendAsync(Request(HttpMethod.Get, FailingTestRoutes.ForbiddenApiPath)), 403, false, "403");
        await AssertProblemAsync(await client.SendAsync(Request(HttpMethod.Get, FailingTestRoutes.ForbiddenApiPath, "en")), 403, true, "403 en");
    }

    [Fact]
    public async Task A_browser_asking_for_html_still_gets_problem_json_under_api()
    {
        var request = Request(HttpMethod.Get, "/api/v1/me");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        await AssertProblemAsync(await LoginClient.Anonymous(app).SendAsync(request), 401, false, "Accept: text/html");
    }

    [Fact]
    public async Task Bad_bodies_for_the_responses_API_are_problem_json_415_413_and_400()
    {
        var client = LoginClient.Anonymous(app);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "x" });
        var huge = new StringContent("{\"suggestion\":\"" + new string('a', 70 * 1024) + "\"}", Encoding.UTF8, "application/json");
        var malformed = new StringContent("{\"id\": ", Encoding.UTF8, "application/json");

        await AssertProblemAsync(await client.SendAsync(Request(HttpMethod.Post, "/api/v1/responses", null, form)), 415, false, "415");
        await AssertProblemAsync(await client.SendAsync(Request(HttpMethod.Post, "/api/v1/responses", "en", huge)), 413, true, "413");
        await AssertProblemAsync(await client.SendAsync(Request(HttpMethod.Post, "/api/v1/responses?culture=en", null, malformed)), 400, true, "400");
    }

    [Fact]
    public async Task Past_the_rate_limit_the_API_answers_429_problem_json()
    {
        var client = LoginClient.Anonymous(app);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            var request = Request(HttpMethod.Post, "/api/v1/responses", "en", new StringContent("{}", Encoding.UTF8, "application/json"));
            request.Headers.Add("X-Kiosk-Token", "bukan-token");
            last = await client.SendAsync(request);
        }

        await AssertProblemAsync(last, 429, true, "429");
        Assert.True(last.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task While_the_database_is_out_of_reach_the_API_answers_503_problem_json_also_for_a_signed_in_caller()
    {
        var signedIn = await LoginClient.SignedInAsync(app, SecurityFixture.Ministry, SecurityFixture.Password);
        app.Outage.Armed = true;
        try
        {
            var publik = await LoginClient.Anonymous(app).SendAsync(Request(HttpMethod.Get, "/api/v1/publik"));
            var me = await signedIn.SendAsync(Request(HttpMethod.Get, "/api/v1/me", "en"));
            var page = await signedIn.GetAsync("/kementerian");

            await AssertProblemAsync(publik, 503, false, "503 publik");
            await AssertProblemAsync(me, 503, true, "503 me");
            // A page gets the HTML error page, not a stack trace and not problem+json.
            Assert.True((int)page.StatusCode >= 500, $"page: {(int)page.StatusCode}");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Exception", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            app.Outage.Armed = false;
        }
        // Nothing was lost: the session works again once the database is back.
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task An_unhandled_error_under_api_is_500_problem_json()
    {
        await AssertProblemAsync(await LoginClient.Anonymous(app).SendAsync(Request(HttpMethod.Get, FailingTestRoutes.ApiPath, "en")), 500, true, "500");
    }

    [Theory]
    [InlineData("/tidak-ada", 404)]
    [InlineData("/Admin/tidak-ada", 404)]
    public async Task Pages_outside_api_keep_the_HTML_error_page(string path, int status)
    {
        var response = await LoginClient.Anonymous(app).GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"Terjadi kesalahan ({status})", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Known and odd path segments. Not %00: TestServer refuses it before the app (Kestrel answers such a
    /// request line itself, before any middleware, so no app code could make that answer problem+json).
    /// </summary>
    private static readonly string[] Segments =
    [
        "v1", "v2", "me", "responses", "publik", "35.17", "99.99", "openapi", "v1.json", "..", ".", "%2e%2e", "%2F", "%01",
        "%C0%AF", "%F0%9F%98%80", "%E2%80%8F", "%EF%BF%BF", "%ED%A0%80", "ü", "a b", "x%20y", "Responses", "ME", "uji-terlarang",
    ];

    private static readonly Gen<string> Segment = Gen.Frequency(
        (5, Gen.OneOf(Segments)),
        (2, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_.~"], 1, 12]));

    private static readonly Gen<string> Query = Gen.OneOf("", "", "?culture=en", "?culture=id", "?culture=xx", "?handler=Role", "?a=%ZZ", "?culture=en&x=1");

    /// <summary>The API's real routes (in odd spellings too), where a wrong method, body or sign-in meets an endpoint.</summary>
    private static readonly Gen<string> Route = Gen.OneOf(
        "/api/v1/me", "/API/V1/ME", "/api/v1/responses", "/api/v1/responses/", "/api/v1/publik", "/api/v1/publik/35.17",
        "/api/v1/publik/99.99", "/api/v1/publik/%E2%80%8F35.17", FailingTestRoutes.ForbiddenApiPath);

    private static readonly Gen<string> Path = Gen.Select(
        Gen.Frequency(
            (3, Route),
            (2, Segment.Array[0, 4].Select(segments => "/api" + (segments.Length == 0 ? "" : "/" + string.Join("/", segments))))),
        Query,
        (path, query) => path + query);

    private static readonly Gen<string> Method = Gen.OneOf("GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND");

    /// <summary>None (Indonesian), English by header in its forms, another language (Indonesian), Indonesian asked for.</summary>
    private static readonly Gen<string?> Language = Gen.OneOf<string?>(null, "en", "en-US,en;q=0.9", "fr", "id", "en;q=0", "*");

    private static readonly Gen<int> Body = Gen.Int[0, 3];

    [Fact]
    public async Task Every_answer_that_is_not_a_success_for_any_method_and_path_under_api_is_problem_json_in_the_callers_language()
    {
        var anonymous = LoginClient.Anonymous(app);
        var signedIn = await LoginClient.SignedInAsync(app, SecurityFixture.Ministry, SecurityFixture.Password);
        var seen = new Dictionary<int, int>();

        await Gen.Select(Method, Path, Language, Gen.Bool, Body).SampleAsync(async (method, path, language, signed, body) =>
        {
            HttpContent? content = body switch
            {
                1 => new StringContent("{}", Encoding.UTF8, "application/json"),
                2 => new StringContent("<a/>", Encoding.UTF8, "text/xml"),
                3 => new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "ü\u202e" }),
                _ => null,
            };
            if (method is "GET" or "HEAD")
            {
                content = null;
            }
            var response = await (signed ? signedIn : anonymous).SendAsync(Request(new HttpMethod(method), path, language, content));
            var status = (int)response.StatusCode;
            lock (seen)
            {
                seen[status] = seen.GetValueOrDefault(status) + 1;
            }
            Assert.True(status < 500, $"{method} {path}: {status}");
            if (status is >= 200 and < 300)
            {
                return;
            }
            if (!response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
            {
                // A dot segment took the request out of /api (the client resolves it): a page, not the API.
                return;
            }
            // ?culture= decides when it names a language of the site (en, id); otherwise Accept-Language does.
            var english = path.Contains("culture=en", StringComparison.Ordinal)
                || (!path.Contains("culture=id", StringComparison.Ordinal) && language is "en" or "en-US,en;q=0.9");
            await AssertProblemAsync(response, status, english, $"{method} {path} [{language}] {(signed ? "signed in" : "anonymous")}");
        }, iter: 250, threads: 1, print: t => $"{t.Item1} {t.Item2} lang={t.Item3} signed={t.Item4} body={t.Item5}");

        output.WriteLine(string.Join(", ", seen.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        // The generator did reach the refusals it is about.
        Assert.Contains(404, seen.Keys);
        Assert.Contains(405, seen.Keys);
    }
}
