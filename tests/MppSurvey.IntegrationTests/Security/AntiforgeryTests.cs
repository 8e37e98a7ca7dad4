using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Pages;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>
/// Security hardening: every form post of the app, found by reflection rather than listed by hand so that a
/// new page cannot be forgotten, is refused without its antiforgery token, and nothing is written.
/// </summary>
public sealed class AntiforgeryTests(SecurityFixture app, ITestOutputHelper output) : IClassFixture<SecurityFixture>
{
    private static readonly Assembly Web = typeof(ErrorModel).Assembly;

    /// <summary>
    /// Error is re-executed for error status codes with the failed request's method, a POST
    /// included; it renders a fixed text and writes nothing, so it cannot need a token.
    /// The digest's unsubscribe page also takes RFC 8058 one-click POSTs that mail clients send without
    /// any token; the POST can only switch off the digest of the user its signed token names.
    /// </summary>
    private static readonly Type[] AllowedOptOuts = [typeof(ErrorModel), typeof(MppSurvey.Web.Pages.Account.BerhentiBerlanggananModel)];

    private sealed record PostHandler(Type Model, string? Name, string Url);

    private static IEnumerable<(Type Model, MethodInfo Method)> PostMethods() =>
        Web.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m => (t, m)));

    /// <summary>OnPostEnrolAsync is handler "Enrol"; OnPost and OnPostAsync are the default handler.</summary>
    private static string? HandlerName(MethodInfo method)
    {
        var name = method.Name["OnPost".Length..];
        if (name.EndsWith("Async", StringComparison.Ordinal))
        {
            name = name[..^"Async".Length];
        }
        return name.Length == 0 ? null : name;
    }

    /// <summary>Each page's compiled descriptor: its model type, route template and POST handlers, as the app routes them.</summary>
    private async Task<List<PostHandler>> RoutedPostHandlersAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var pages = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>();
        var handlers = new List<PostHandler>();
        foreach (var page in pages)
        {
            var compiled = await loader.LoadAsync(page, new Microsoft.AspNetCore.Http.EndpointMetadataCollection());
            var path = "/" + (page.AttributeRouteInfo?.Template ?? "").Replace("{regency}", SecurityFixture.Regency, StringComparison.Ordinal)
                // Any template version routes the draft editor; the token check comes before the handler reads it.
                .Replace("{id:int}", "1", StringComparison.Ordinal);
            Assert.DoesNotContain("{", path, StringComparison.Ordinal);
            foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod == "Post"))
            {
                var url = handler.Name is null ? path : $"{path}?handler={handler.Name}";
                handlers.Add(new PostHandler(compiled.ModelTypeInfo!.AsType(), handler.Name, url));
            }
        }
        return handlers;
    }

    [Fact]
    public async Task Every_OnPost_method_of_every_page_model_is_routed()
    {
        var routed = await RoutedPostHandlersAsync();

        var methods = PostMethods().ToList();
        Assert.NotEmpty(methods);
        foreach (var (model, method) in methods)
        {
            Assert.Contains(routed, h => h.Model == model && string.Equals(h.Name, HandlerName(method), StringComparison.OrdinalIgnoreCase));
        }
        // A folder's Index page has two routes (/Admin/Pengguna and /Admin/Pengguna/Index): count handlers, not URLs.
        Assert.Equal(methods.Count, routed.Select(h => (h.Model, h.Name)).Distinct().Count());
    }

    [Fact]
    public void No_page_opts_out_of_antiforgery_but_the_error_page()
    {
        var optOuts = Web.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null
                || t.GetMethods().Any(m => m.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() is not null))
            .ToList();

        Assert.Equal(AllowedOptOuts, optOuts);
    }

    [Fact]
    public async Task Every_form_post_without_its_token_is_refused_with_400_and_writes_nothing()
    {
        var clients = new List<(string Who, HttpClient Client)> { ("anonymous", LoginClient.Anonymous(app)) };
        foreach (var email in new[] { SecurityFixture.Administrator, SecurityFixture.MppAdmin, SecurityFixture.Ministry })
        {
            clients.Add((email, await LoginClient.SignedInAsync(app, email, SecurityFixture.Password)));
        }
        var before = await SnapshotAsync();

        var handlers = (await RoutedPostHandlersAsync()).Where(h => !AllowedOptOuts.Contains(h.Model)).ToList();
        Assert.True(handlers.Count >= 20, $"only {handlers.Count} post handlers found");
        foreach (var handler in handlers)
        {
            var refusedForToken = false;
            foreach (var (who, client) in clients)
            {
                // Fields that would make the handlers act (sign in, add, rename) if the token were not checked.
                var response = await client.PostAsync(handler.Url, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = SecurityFixture.Administrator,
                    ["Input.Password"] = SecurityFixture.Password,
                    ["Name"] = "Tanpa token",
                    ["ShortName"] = "TT",
                    ["Email"] = "baru@keamanan.test",
                    ["Role"] = "Administrator",
                    ["mpp"] = SecurityFixture.Regency,
                }));
                var status = (int)response.StatusCode;
                output.WriteLine($"{handler.Url} as {who}: {status} {response.Headers.Location}");
                Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
                    && cookies.Any(c => c.StartsWith("mppsurvey.auth=", StringComparison.Ordinal)), $"{handler.Url} as {who} signed someone in");
                if (status == StatusCodes.Status400BadRequest)
                {
                    refusedForToken = true;
                }
                else if (who == "anonymous" && handler.Model == typeof(MppSurvey.Web.Pages.Account.LogoutModel))
                {
                    // Signing out without a session (a second click, a page kept open) has nothing to end or forge:
                    // the signed-out page, not an error. Signed in, the token is required (400 above).
                    Assert.Equal("/Account/Logout", response.Headers.Location?.OriginalString);
                }
                else
                {
                    // The only other answer allowed: the caller's role may not use the page at all.
                    Assert.True(IsAccessRefusal(response), $"{handler.Url} as {who}: {status} {response.Headers.Location}");
                }
            }
            Assert.True(refusedForToken, $"{handler.Url}: no role reached the antiforgery check");
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_same_post_with_its_token_does_write_so_the_refusal_above_is_the_tokens_doing()
    {
        var client = await LoginClient.SignedInAsync(app, SecurityFixture.MppAdmin, SecurityFixture.Password);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Instansi");
        var before = await SnapshotAsync();

        var response = await client.PostAsync("/Admin/Instansi?handler=AddAgency", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "Dinas Dengan Token",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.True((int)response.StatusCode is 200 or 302, response.StatusCode.ToString());
        var after = await SnapshotAsync();
        Assert.Equal(before.Agencies + 1, after.Agencies);
        Assert.Equal(before.AuditEntries + 1, after.AuditEntries);
    }

    [Fact]
    public async Task A_cross_site_form_post_to_the_JSON_survey_API_is_refused_with_415()
    {
        var client = LoginClient.Anonymous(app);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/responses")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["regencyCode"] = SecurityFixture.Regency,
                ["channel"] = "qr",
            }),
        };
        request.Headers.Add("Origin", "https://evil.example");
        var before = await SnapshotAsync();

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(before, await SnapshotAsync());
    }

    private static bool IsAccessRefusal(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString is { } to
            && (to.Contains("/Account/Login", StringComparison.Ordinal) || to.Contains("/Account/AccessDenied", StringComparison.Ordinal)));

    private sealed record Snapshot(
        int AuditEntries, int Users, int Malls, int Agencies, int Services, int ActiveAgencies, int Kiosks, int RevokedKiosks,
        int Surveys, int ClosedSurveys, int Periods, int Responses, int Imports, int FollowUps, int JobRuns, int LockedUsers);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        return new Snapshot(
            await db.AuditEntries.CountAsync(),
            await db.Users.CountAsync(),
            await db.Malls.CountAsync(),
            await db.Agencies.CountAsync(),
            await db.Services.CountAsync(),
            await db.Agencies.CountAsync(a => a.IsActive),
            await db.Kiosks.CountAsync(),
            await db.Kiosks.CountAsync(k => k.RevokedAt != null),
            await db.Surveys.CountAsync(),
            await db.Surveys.CountAsync(s => s.ClosedAt != null),
            await db.Periods.CountAsync(),
            await db.Responses.CountAsync(),
            await db.ResponseImports.CountAsync(),
            await db.FollowUpActions.CountAsync(),
            await db.JobRuns.CountAsync(),
            await db.Users.CountAsync(u => u.LockoutEnd != null));
    }
}
