using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.BadInput;

/// <summary>
/// The API fixture (Jombang with two agencies, an open and a closed survey, a revoked kiosk, Kota
/// Bima) plus what the bad-input corpus needs besides: an inactive MPP, an inactive agency (with an
/// active service), an inactive service, a service of Kota Bima, a kiosk whose enrolment code has
/// expired, and one user per role. One database for the whole corpus (a collection fixture), so
/// counting every table before and after a case is meaningful: the corpus classes run one at a time.
/// </summary>
public sealed class BadInputFixture : ApiFixture
{
    public const string Password = "korpus-uji-2026-aman";
    public const string Admin = "admin@korpus.test";
    public const string Ministry = "kementerian@korpus.test";
    public const string Head = "bupati@korpus.test";
    public const string MppAdmin = "mpp@korpus.test";
    /// <summary>Takes the wrong-password attempts, so a lockout can never reach the users the other cases sign in with.</summary>
    public const string WrongPasswordUser = "salah@korpus.test";
    public const string InactiveRegency = "35.78";

    public int MallId { get; private set; }
    public int BimaMallId { get; private set; }
    public int InactiveAgencyId { get; private set; }
    public int ServiceOfInactiveAgencyId { get; private set; }
    public int InactiveServiceId { get; private set; }
    public int BimaServiceId { get; private set; }
    public int SkmVersionId { get; private set; }
    public string ExpiredEnrolmentCode { get; private set; } = "";
    /// <summary>The semester after the open one: starting a survey there meets no "already running".</summary>
    public string NextPeriod { get; private set; } = "";
    /// <summary>A saved follow-up action of Jombang's open period, for the cases that edit an existing row.</summary>
    public long FollowUpActionId { get; private set; }
    public const string FollowUpActionText = "Tambah kursi ruang tunggu";

    private readonly Dictionary<string, HttpClient> _clients = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var now = DateTimeOffset.UtcNow;
        var mall = await db.Malls.Include(m => m.Agencies).ThenInclude(a => a.Services).SingleAsync(m => m.RegencyCode == Regency);
        var bima = await db.Malls.Include(m => m.Agencies).ThenInclude(a => a.Services).SingleAsync(m => m.RegencyCode == "52.72");

        var closedAgency = new Agency { Name = "Kantor Pertanahan", ShortName = "BPN", IsActive = false };
        closedAgency.Services.Add(new Service { Name = "Sertifikat tanah" });
        mall.Agencies.Add(closedAgency);
        var dukcapil = mall.Agencies.Single(a => a.Id == AgencyId);
        var retired = new Service { Name = "KTP lama", IsActive = false };
        dukcapil.Services.Add(retired);
        var bimaService = new Service { Name = "Kartu BPJS" };
        bima.Agencies[0].Services.Add(bimaService);
        var expired = new Kiosk { Name = "Kios kedaluwarsa" };
        ExpiredEnrolmentCode = KioskTokens.IssueEnrolmentCode(expired, now - KioskTokens.EnrolmentCodeLifetime - TimeSpan.FromMinutes(5));
        mall.Kiosks.Add(expired);
        db.Malls.Add(new Mall { RegencyCode = InactiveRegency, Name = "MPP Kota Surabaya", IsActive = false });
        await db.SaveChangesAsync();

        MallId = mall.Id;
        BimaMallId = bima.Id;
        InactiveAgencyId = closedAgency.Id;
        ServiceOfInactiveAgencyId = closedAgency.Services[0].Id;
        InactiveServiceId = retired.Id;
        BimaServiceId = bimaService.Id;
        SkmVersionId = await db.SurveyTemplateVersions.Where(v => v.Template!.Code == "skm" && v.Version == 1).Select(v => v.Id).SingleAsync();
        var open = Period.Parse(OpenPeriod);
        NextPeriod = Period.Containing(open.EndsOn.AddDays(1), PeriodKind.Semester).Code;

        var action = new Core.FollowUp.FollowUpAction
        {
            MallId = mall.Id, PeriodCode = OpenPeriod, ElementCode = "U5", Action = FollowUpActionText, Timeline = "2026-Q4",
            PersonInCharge = "Kepala MPP", CreatedAt = now, UpdatedAt = now,
        };
        db.FollowUpActions.Add(action);
        await db.SaveChangesAsync();
        FollowUpActionId = action.Id;

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await TestUsers.CreateAsync(users, Password,
            (Admin, Roles.Administrator, (string?)null, (int?)null),
            (Ministry, Roles.Ministry, null, null),
            (Head, Roles.RegionalHead, Regency, null),
            (MppAdmin, Roles.MppAdmin, Regency, mall.Id),
            (WrongPasswordUser, Roles.RegionalHead, Regency, null));
    }

    /// <summary>One signed-in client per user for the corpus (signing in for each case would only slow it down).</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        if (!_clients.TryGetValue(email, out var client))
        {
            client = await LoginClient.SignedInAsync(this, email, Password);
            _clients[email] = client;
        }
        return client;
    }

    /// <summary>A fresh client whose culture cookie asks for English, set through the app's own language switch.</summary>
    public async Task<HttpClient> EnglishCookieClientAsync(string? email = null)
    {
        var client = email is null ? LoginClient.Anonymous(this) : await LoginClient.SignedInAsync(this, email, Password);
        var set = await client.GetAsync("/Culture?culture=en&returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        return client;
    }

    public sealed record TableCounts(int Responses, int Agencies, int Services, int Surveys, int Kiosks, int AuditEntries, int Users, int FollowUpActions, int Periods);

    /// <summary>Rows of every table a bad input could reach.</summary>
    public async Task<TableCounts> CountsAsync()
    {
        await using var scope = Scope();
        var db = Db(scope);
        return new TableCounts(
            await db.Responses.CountAsync(), await db.Agencies.CountAsync(), await db.Services.CountAsync(), await db.Surveys.CountAsync(),
            await db.Kiosks.CountAsync(), await db.AuditEntries.CountAsync(), await db.Users.CountAsync(), await db.FollowUpActions.CountAsync(),
            await db.Periods.CountAsync());
    }

    public async Task<T> DbAsync<T>(Func<Core.Database.MppSurveyDbContext, Task<T>> read)
    {
        await using var scope = Scope();
        return await read(Db(scope));
    }

    /// <summary>Stores the open period's index results, which the dashboard reads (it shows nothing without them).</summary>
    public async Task RecomputeOpenPeriodAsync()
    {
        await using var scope = Scope();
        await new RecomputeIndices(Db(scope)).RunAsync([OpenPeriod]);
    }

    /// <summary>Drops stored workbooks, so the next download is generated from what is stored now.</summary>
    public async Task ForgetWorkbooksAsync()
    {
        await using var scope = Scope();
        await Db(scope).StoredWorkbooks.ExecuteDeleteAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BadInputCollection : ICollectionFixture<BadInputFixture>
{
    public const string Name = "Bad-input corpus";
}

/// <summary>Posting forms and reading what a page says beside a field.</summary>
public static partial class Forms
{
    public static string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// GETs <paramref name="page"/> (with the same query) for the antiforgery token, then POSTs the form
    /// to the handler. <paramref name="withToken"/> false leaves the token out, as a cross-site form would.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string? handler,
        IEnumerable<KeyValuePair<string, string>> form, string query = "", bool withToken = true)
    {
        var fields = form.ToList();
        var pageWithQuery = query.Length > 0 ? $"{page}?{query}" : page;
        if (withToken)
        {
            fields.Add(new("__RequestVerificationToken", await LoginClient.AntiforgeryTokenAsync(client, pageWithQuery)));
        }
        var parts = new[] { query, handler is null ? "" : "handler=" + handler }.Where(p => p.Length > 0);
        var target = parts.Any() ? $"{page}?{string.Join('&', parts)}" : page;
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    public static Dictionary<string, string> Of(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [GeneratedRegex("<(?<tag>span|p|ul)\\b[^>]*\\bid=\"(?<id>[^\"]+)\"[^>]*>(?<text>.*?)</\\k<tag>>", RegexOptions.Singleline)]
    private static partial Regex ElementWithId();

    /// <summary>The text of the element with this id (the field's error element), decoded and trimmed; null when the page has no such element.</summary>
    public static string? ErrorBeside(string html, string id) =>
        ElementWithId().Matches(html).FirstOrDefault(m => m.Groups["id"].Value == id) is { } m ? WebUtility.HtmlDecode(m.Groups["text"].Value).Trim() : null;

    /// <summary>Asserts a 200 re-display with exactly <paramref name="message"/> inside the field's error element.</summary>
    public static async Task<string> AssertErrorBesideAsync(HttpResponseMessage response, string id, string message)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Headers.Location}");
        Assert.Equal(message, ErrorBeside(html, id));
        return html;
    }
}
