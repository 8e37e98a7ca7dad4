using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Invitations;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Invitations;

/// <summary>
/// The API fixture (MPP Kabupaten Jombang with an open SKM survey; MPP Kota Bima) plus: a service of
/// Kota Bima, MPP Kota Kediri with a service but no survey (and a key of its own), an MPP admin of
/// Jombang and one of Kota Bima, and every log line captured.
/// </summary>
public sealed partial class InvitationFixture : ApiFixture
{
    public const string Password = "uji-undangan-2026";
    public const string JombangAdmin = "mpp@undangan.test";
    public const string BimaAdmin = "bima@undangan.test";

    public int BimaServiceId { get; private set; }
    public int KediriServiceId { get; private set; }
    public string KediriSecret { get; private set; } = "";
    public int JombangMallId { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CapturedLog.AddTo(builder);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var bima = await db.Malls.SingleAsync(m => m.RegencyCode == "52.72");
        var jombang = await db.Malls.SingleAsync(m => m.RegencyCode == Regency);
        var bimaService = new Service { AgencyId = OtherMallAgencyId, Name = "Kartu BPJS" };
        db.Services.Add(bimaService);
        var kediri = new Mall { RegencyCode = "35.71", Name = "MPP Kota Kediri", TimeZone = IndonesianTimeZone.Wib };
        var agency = new Agency { Name = "Dinas Perizinan", ShortName = "DPMPTSP" };
        agency.Services.Add(new Service { Name = "Izin usaha" });
        kediri.Agencies.Add(agency);
        db.Malls.Add(kediri);
        await db.SaveChangesAsync();
        var (key, secret) = ApiKeySecrets.Issue(kediri.Id, "Kediri Digital", "uji", DateTimeOffset.UtcNow);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        BimaServiceId = bimaService.Id;
        KediriServiceId = agency.Services[0].Id;
        KediriSecret = secret;
        JombangMallId = jombang.Id;

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await TestUsers.CreateAsync(users, Password,
            (JombangAdmin, Roles.MppAdmin, Regency, jombang.Id),
            (BimaAdmin, Roles.MppAdmin, "52.72", bima.Id));
    }

    public CapturedLog Log => CapturedLog.Of(Services);

    [GeneratedRegex("<code id=\"api-key-secret\">(mppk_[A-Za-z0-9_-]{43})</code>")]
    private static partial Regex SecretPattern();

    public static async Task<HttpResponseMessage> PostPageAsync(HttpClient client, string handler, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/KunciApi");
        return await client.PostAsync($"/Admin/KunciApi?handler={handler}", new FormUrlEncodedContent(form));
    }

    /// <summary>Makes a key through the admin page, as an MPP admin would, and returns its secret read off the page.</summary>
    public async Task<string> CreateKeyAsync(string admin, string name)
    {
        var client = await LoginClient.SignedInAsync(this, admin, Password);
        var response = await PostPageAsync(client, "Create", new() { ["Name"] = name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var secret = SecretPattern().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(secret);
        return secret;
    }

    public static string? SecretOn(string html) => SecretPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static async Task<HttpResponseMessage> IssueAsync(HttpClient client, string? secret, JsonNode body, string? language = null) =>
        await IssueRawAsync(client, secret, body.ToJsonString(), language);

    public static async Task<HttpResponseMessage> IssueRawAsync(HttpClient client, string? secret, string body, string? language = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/undangan") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
        if (language is not null)
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }
        return await client.SendAsync(request);
    }

    /// <summary>Every row of the tables that hold keys, invitations and audit entries, as JSON text: nothing of a secret may be in it.</summary>
    public async Task<string> StoredTextAsync()
    {
        await using var scope = Scope();
        var db = Db(scope);
        var rows = await db.Database.SqlQueryRaw<string>("""
            SELECT row_to_json(k)::text AS "Value" FROM api_keys k
            UNION ALL SELECT row_to_json(i)::text FROM survey_invitations i
            UNION ALL SELECT row_to_json(a)::text FROM audit_entries a
            UNION ALL SELECT row_to_json(r)::text FROM responses r
            """).ToListAsync();
        return string.Join("\n", rows);
    }

    /// <summary>The body the survey page's script sends for a response through an invitation link.</summary>
    public static JsonObject InvitedResponse(ApiFixture app, string token, Guid? id = null)
    {
        var body = ApiCalls.ValidBody(app, id);
        body.Remove("agencyId");
        body.Remove("serviceId");
        body["channel"] = "invitation";
        body["invitation"] = token;
        return body;
    }

    /// <summary>The token of a survey link (its `undangan` query value).</summary>
    public static string TokenOf(string url) => Regex.Match(url, "[?&]undangan=([A-Za-z0-9_-]+)").Groups[1].Value;
}
