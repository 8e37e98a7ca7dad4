using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// MPP Kabupaten Jombang (35.17, WIB) with two agencies and their services, an open survey for
/// the current semester and a closed one for the previous semester (late responses), a second
/// template "wajib" whose Q1 is required, three kiosks (enrolled, revoked, and one of MPP Kota
/// Bima), and limits high enough that only the class testing a limit meets one.
/// </summary>
public class ApiFixture : AppFixture
{
    public const string Regency = "35.17";
    public const string RequiredTemplate = "wajib";

    public int AgencyId { get; private set; }
    public int ServiceId { get; private set; }
    public int OtherAgencyServiceId { get; private set; }
    public int OtherMallAgencyId { get; private set; }
    public int KioskId { get; private set; }
    public string KioskToken { get; private set; } = "";
    public string RevokedKioskToken { get; private set; } = "";
    public string OtherMallKioskToken { get; private set; } = "";
    /// <summary>Noon (WIB) on a day of the previous, closed semester.</summary>
    public DateTimeOffset InClosedPeriod { get; private set; }
    public string ClosedPeriod { get; private set; } = "";
    public string OpenPeriod { get; private set; } = "";

    /// <summary>Settings of this host; classes testing a limit lower theirs.</summary>
    protected virtual Dictionary<string, string> Settings => new()
    {
        ["Survey:RateLimit:PermitLimit"] = "100000",
        ["Survey:RateLimit:KioskPermitLimit"] = "100000",
        ["Survey:KioskCooldownSeconds"] = "0",
        // Every TestServer request is one client ("unknown"): without this the class's own traffic would look like a burst.
        ["Survey:Burst:MaxResponses"] = "100000",
        ["Survey:Burst:ClientMaxResponses"] = "0",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var now = DateTimeOffset.UtcNow;

        var mall = new Mall { RegencyCode = Regency, Name = "MPP Kabupaten Jombang", TimeZone = IndonesianTimeZone.Wib };
        var dukcapil = new Agency { Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
        dukcapil.Services.Add(new Service { Name = "Kartu Keluarga" });
        var samsat = new Agency { Name = "Samsat", ShortName = "Samsat" };
        samsat.Services.Add(new Service { Name = "Pajak kendaraan tahunan" });
        mall.Agencies.Add(dukcapil);
        mall.Agencies.Add(samsat);
        var kiosk = new Kiosk { Name = "Kios lobi" };
        var revoked = new Kiosk { Name = "Kios lama" };
        KioskToken = KioskTokens.Issue(kiosk, now);
        RevokedKioskToken = KioskTokens.Issue(revoked, now.AddDays(-30));
        KioskTokens.Revoke(revoked, now.AddDays(-1));
        mall.Kiosks.Add(kiosk);
        mall.Kiosks.Add(revoked);

        var bima = new Mall { RegencyCode = "52.72", Name = "MPP Kota Bima", TimeZone = IndonesianTimeZone.Wita };
        var bimaAgency = new Agency { Name = "BPJS Kesehatan", ShortName = "BPJS" };
        bima.Agencies.Add(bimaAgency);
        var bimaKiosk = new Kiosk { Name = "Kios Bima" };
        OtherMallKioskToken = KioskTokens.Issue(bimaKiosk, now);
        bima.Kiosks.Add(bimaKiosk);
        db.Malls.AddRange(mall, bima);

        var open = Period.Containing(DateOnly.FromDateTime(mall.LocalTime(now)), PeriodKind.Semester);
        var closed = open.Previous();
        foreach (var period in new[] { open, closed })
        {
            if (!await db.Periods.AnyAsync(p => p.Code == period.Code))
            {
                db.Periods.Add(period);
            }
        }
        var skm = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        var wajib = new SurveyTemplate { Code = RequiredTemplate, NameId = "Uji wajib", NameEn = "Required test" };
        var definition = RequiredTemplateJson();
        var file = TemplateFile.Parse($"{RequiredTemplate}.v1.json", definition);
        var wajibVersion = SurveyTemplateVersion.FromFile(file, definition, $"{RequiredTemplate}.v1.json");
        wajib.Versions.Add(wajibVersion);
        db.SurveyTemplates.Add(wajib);
        await db.SaveChangesAsync();

        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = skm.Id, PeriodCode = open.Code });
        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = skm.Id, PeriodCode = closed.Code, OpenedAt = now.AddMonths(-7), ClosedAt = now.AddMonths(-1) });
        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = wajibVersion.Id, PeriodCode = open.Code });
        db.Surveys.Add(new Survey { MallId = bima.Id, TemplateVersionId = skm.Id, PeriodCode = open.Code });
        await db.SaveChangesAsync();

        AgencyId = dukcapil.Id;
        ServiceId = dukcapil.Services[0].Id;
        OtherAgencyServiceId = samsat.Services[0].Id;
        OtherMallAgencyId = bimaAgency.Id;
        KioskId = kiosk.Id;
        OpenPeriod = open.Code;
        ClosedPeriod = closed.Code;
        InClosedPeriod = new DateTimeOffset(closed.StartsOn.AddDays(40).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(7));
    }

    /// <summary>A two-question template whose first question must be answered.</summary>
    private static string RequiredTemplateJson()
    {
        static JsonObject Question(string code, int order, bool required) => new()
        {
            ["code"] = code,
            ["type"] = "scale",
            ["order"] = order,
            ["required"] = required,
            ["title"] = new JsonObject { ["id"] = "Judul " + code, ["en"] = "Title " + code },
            ["prompt"] = new JsonObject { ["id"] = "Pertanyaan " + code, ["en"] = "Question " + code },
            ["answers"] = new JsonArray(Enumerable.Range(1, 4)
                .Select(v => (JsonNode)new JsonObject { ["value"] = v, ["id"] = "Nilai " + v, ["en"] = "Value " + v }).ToArray()),
        };
        return new JsonObject
        {
            ["code"] = RequiredTemplate,
            ["version"] = 1,
            ["name"] = new JsonObject { ["id"] = "Uji wajib", ["en"] = "Required test" },
            ["basis"] = "test",
            ["scale"] = new JsonObject { ["min"] = 1, ["max"] = 4 },
            ["questions"] = new JsonArray(Question("Q1", 1, true), Question("Q2", 2, false)),
        }.ToJsonString();
    }

    public async Task<int> ResponseCountAsync()
    {
        await using var scope = Scope();
        return await Db(scope).Responses.CountAsync();
    }

    public async Task<Response?> StoredAsync(Guid id)
    {
        await using var scope = Scope();
        return await Db(scope).Responses.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
    }
}

/// <summary>Builds request bodies and reads problem details.</summary>
public static class ApiCalls
{
    public const string Path = "/api/v1/responses";

    /// <summary>A valid QR response submitted a minute ago, with answers that are not all alike.</summary>
    public static JsonObject ValidBody(ApiFixture app, Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["regencyCode"] = ApiFixture.Regency,
        ["agencyId"] = app.AgencyId,
        ["serviceId"] = app.ServiceId,
        ["template"] = "skm",
        ["channel"] = "qr",
        ["submittedAt"] = Iso(DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(TimeSpan.FromHours(7))),
        ["profile"] = new JsonObject { ["gender"] = "P", ["age"] = 34, ["education"] = "S1/D4", ["occupation"] = "Swasta" },
        ["answers"] = new JsonObject { ["U1"] = 4, ["U2"] = 3, ["U3"] = 2, ["U4"] = 4, ["U5"] = null, ["U6"] = 4, ["U7"] = 4, ["U8"] = 1, ["U9"] = 3 },
        ["suggestion"] = "Ruang tunggu panas.",
    };

    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode body, string? kioskToken = null, string? language = null, string path = Path) =>
        PostRawAsync(client, body.ToJsonString(), kioskToken, language, path);

    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string body, string? kioskToken = null, string? language = null,
        string path = Path, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (kioskToken is not null)
        {
            request.Headers.Add("X-Kiosk-Token", kioskToken);
        }
        if (language is not null)
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }
        return await client.SendAsync(request);
    }

    public sealed record Problem(int Status, string Title, Dictionary<string, string[]> Errors, string? Detail);

    public static async Task<Problem> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        var errors = root.TryGetProperty("errors", out var e)
            ? e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString()!).ToArray())
            : [];
        return new Problem(root.GetProperty("status").GetInt32(), root.GetProperty("title").GetString()!, errors,
            root.TryGetProperty("detail", out var d) ? d.GetString() : null);
    }
}
