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
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Public;

/// <summary>
/// Jombang (35.17) and Kota Bima (52.72), one service each, an SKM survey for 2025-S2 and 2026-S1
/// each with fixed answers (so the weakest elements are known: U3, then U8, then U9), the index job
/// run once, and a user per role: Jombang's and Bima's MPP admins, Jombang's regional head, the
/// ministry and an administrator.
/// </summary>
public sealed class PublicResultsFixture : AppFixture
{
    public const string Password = "uji-coba-2026-aman";
    public static readonly string[] Periods = ["2025-S2", "2026-S1"];

    public Dictionary<string, int> MallIds { get; } = [];
    public Dictionary<string, int> ServiceIds { get; } = [];

    /// <summary>
    /// 20 respondents a period: every element 4 except U3 (2 in 2025-S2, 3 in 2026-S1), U8 (3) and U9
    /// (3 for half of them, else 4). 2025-S2: U3 50, U8 75, U9 87.5; 2026-S1: U3 75, U8 75, U9 87.5.
    /// </summary>
    public static short?[] Answers(string period, int i) =>
        [4, 4, (short)(period == "2025-S2" ? 2 : 3), 4, 4, 4, 4, 3, (short)(i % 2 == 0 ? 3 : 4)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        foreach (var code in Periods)
        {
            if (!await db.Periods.AnyAsync(p => p.Code == code))
            {
                db.Periods.Add(Period.Parse(code));
            }
        }
        foreach (var code in new[] { "35.17", "52.72" })
        {
            var mall = new Mall { RegencyCode = code, Name = "MPP " + code };
            var agency = new Agency { Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
            agency.Services.Add(new Service { Name = "Kartu Keluarga" });
            mall.Agencies.Add(agency);
            db.Malls.Add(mall);
            await db.SaveChangesAsync();
            MallIds[code] = mall.Id;
            ServiceIds[code] = agency.Services[0].Id;
            foreach (var periodCode in Periods)
            {
                var survey = new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = periodCode };
                db.Surveys.Add(survey);
                await db.SaveChangesAsync();
                var period = Period.Parse(periodCode);
                for (var i = 0; i < 20; i++)
                {
                    db.Responses.Add(new Response
                    {
                        Id = Guid.NewGuid(), SurveyId = survey.Id, MallId = mall.Id, AgencyId = agency.Id, ServiceId = agency.Services[0].Id,
                        TemplateVersionId = version.Id, PeriodCode = periodCode, Channel = ResponseChannel.Kiosk,
                        SubmittedAtLocal = period.StartsOn.AddDays(i).ToDateTime(new TimeOnly(9, 0)), ReceivedAt = DateTimeOffset.UtcNow,
                        Scores = Answers(periodCode, i),
                    });
                }
            }
        }
        await db.SaveChangesAsync();
        await new RecomputeIndices(db).RunAsync(Periods);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await TestUsers.CreateAsync(users, Password,
            ("admin@uji.test", Roles.Administrator, (string?)null, (int?)null),
            ("deputi@uji.test", Roles.Ministry, null, null),
            ("bupati@uji.test", Roles.RegionalHead, "35.17", null),
            ("mpp@uji.test", Roles.MppAdmin, "35.17", MallIds["35.17"]),
            ("mpp.bima@uji.test", Roles.MppAdmin, "52.72", MallIds["52.72"]));
    }

    public Task<HttpClient> SignedInAsync(string email) => LoginClient.SignedInAsync(this, email, Password);

    /// <summary>Posts a page's form (with its antiforgery token) the way a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await LoginClient.AntiforgeryTokenAsync(client, formPage);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    /// <summary>A period action as its confirmation form posts it (Confirmed=true), plus any further fields (Early, Reason).</summary>
    public static Task<HttpResponseMessage> PeriodActionAsync(HttpClient client, string handler, string regency, string period, params KeyValuePair<string, string>[] more) =>
        PostFormAsync(client, "/Admin/Periode", $"/Admin/Periode?handler={handler}", [new("mpp", regency), new("PeriodCode", period), new("Confirmed", "true"), .. more]);

    /// <summary>
    /// Waits for the index job that closing or reopening queued (Hangfire runs it in the background) to
    /// store the MPP's figure of the period computed after <paramref name="after"/>.
    /// </summary>
    public async Task<IndexResult> WaitForRecomputeAsync(string regency, string period, DateTimeOffset after)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(90); waited += TimeSpan.FromMilliseconds(250))
        {
            await using (var scope = Scope())
            {
                var result = await Db(scope).IndexResults.AsNoTracking()
                    .SingleOrDefaultAsync(r => r.UnitKind == UnitKind.Mall && r.UnitKey == regency && r.PeriodCode == period && r.TemplateCode == "skm");
                if (result is not null && result.ComputedAt >= after)
                {
                    return result;
                }
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The index job did not recompute {regency} {period} within 90 s.");
    }

    public static void AssertRefused(HttpResponseMessage response)
    {
        // Pages answer a refusal with the access-denied page (302), an unknown id with 404: never a write.
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
            $"expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    public async Task<Survey> SurveyAsync(string regency, string period)
    {
        await using var scope = Scope();
        return await Db(scope).Surveys.AsNoTracking().SingleAsync(s => s.MallId == MallIds[regency] && s.PeriodCode == period);
    }

    public async Task<IndexResult> MallResultAsync(string regency, string period)
    {
        await using var scope = Scope();
        return await Db(scope).IndexResults.AsNoTracking().SingleAsync(r => r.UnitKind == UnitKind.Mall && r.UnitKey == regency && r.PeriodCode == period);
    }

    public static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));
}
