using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// The world a generated sequence runs in: MPP Jombang (35.17, WIB) and MPP Kota Bima (52.72, WITA),
/// each with agency A (services A1, A2, and AX inactive from the start) and agency B (service B1), an
/// enrolled kiosk, skm surveys for the current and the previous semester, both open, and a survey
/// of a second questionnaire ("ekstra", with a text question) in the current one; one
/// administrator. <see cref="ResetAsync"/> puts it back between sequences, so every sequence (and
/// every shrunk one) starts from the same state. Hangfire's worker is off: the test performs the
/// jobs the app enqueues (index job, then workbooks) itself, at the point the worker would, so a
/// sequence replays identically.
/// </summary>
public sealed class PipelineFixture : AppFixture
{
    public const string Password = "uji-sifat-2026-aman";
    public const string AdminEmail = "admin@sifat.test";

    public sealed record MallWorld(string Regency, int MallId, TimeSpan Offset, int AgencyA, int AgencyB,
        int A1, int A2, int Inactive, int B1, string KioskToken);

    public MallWorld[] Malls { get; } = new MallWorld[2];
    public Period Open { get; private set; } = null!;
    public Period Previous { get; private set; } = null!;
    public Period Old { get; private set; } = null!;
    public int SkmVersion1 { get; private set; }
    private int[] _initialSurveys = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Survey:RateLimit:PermitLimit", "10000000");
        builder.UseSetting("Survey:RateLimit:KioskPermitLimit", "10000000");
        builder.UseSetting("Survey:KioskCooldownSeconds", "0");
        // Every TestServer request comes from one client: without these the sequence itself would be one long burst.
        builder.UseSetting("Survey:Burst:MaxResponses", "10000000");
        builder.UseSetting("Survey:Burst:ClientMaxResponses", "0");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var now = DateTimeOffset.UtcNow;
        var specs = new[] { ("35.17", "MPP Kabupaten Jombang", IndonesianTimeZone.Wib, 7), ("52.72", "MPP Kota Bima", IndonesianTimeZone.Wita, 8) };
        var malls = new List<(Mall Mall, Agency A, Agency B, Kiosk Kiosk, string Token)>();
        foreach (var (code, name, zone, _) in specs)
        {
            var mall = new Mall { RegencyCode = code, Name = name, TimeZone = zone };
            var a = new Agency { Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
            a.Services.Add(new Service { Name = "Kartu Keluarga" });
            a.Services.Add(new Service { Name = "Akta Kelahiran" });
            a.Services.Add(new Service { Name = "Surat Pindah (lama)", IsActive = false });
            var b = new Agency { Name = "Samsat", ShortName = "Samsat" };
            b.Services.Add(new Service { Name = "Pajak kendaraan tahunan" });
            mall.Agencies.Add(a);
            mall.Agencies.Add(b);
            var kiosk = new Kiosk { Name = "Kios lobi" };
            var token = KioskTokens.Issue(kiosk, now);
            mall.Kiosks.Add(kiosk);
            db.Malls.Add(mall);
            malls.Add((mall, a, b, kiosk, token));
        }
        Open = Period.Containing(DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(7)).DateTime), PeriodKind.Semester);
        Previous = Open.Previous();
        Old = Previous.Previous();
        foreach (var period in new[] { Open, Previous, Old })
        {
            if (!await db.Periods.AnyAsync(p => p.Code == period.Code))
            {
                db.Periods.Add(period);
            }
        }
        await db.SaveChangesAsync();
        SkmVersion1 = await db.SurveyTemplateVersions.Where(v => v.Template!.Code == "skm" && v.Version == 1).Select(v => v.Id).SingleAsync();
        var extra = ExtraTemplate();
        db.SurveyTemplates.Add(extra);
        await db.SaveChangesAsync();
        var surveys = new List<Survey>();
        foreach (var (mall, _, _, _, _) in malls)
        {
            surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = extra.Versions[0].Id, PeriodCode = Open.Code });
            surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = SkmVersion1, PeriodCode = Open.Code });
            surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = SkmVersion1, PeriodCode = Previous.Code, OpenedAt = now.AddMonths(-8) });
        }
        db.Surveys.AddRange(surveys);
        await db.SaveChangesAsync();
        _initialSurveys = surveys.Select(s => s.Id).ToArray();
        for (var i = 0; i < malls.Count; i++)
        {
            var (mall, a, b, _, token) = malls[i];
            Malls[i] = new MallWorld(mall.RegencyCode, mall.Id, TimeSpan.FromHours(specs[i].Item4), a.Id, b.Id,
                a.Services[0].Id, a.Services[1].Id, a.Services[2].Id, b.Services[0].Id, token);
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await TestUsers.CreateAsync(users, Password, (AdminEmail, Roles.Administrator, (string?)null, (int?)null));
    }

    public const string ExtraTemplateCode = "ekstra";

    /// <summary>A second questionnaire running beside skm: one scale question U1 (1-4) and a text question Q1, for odd text in `other`.</summary>
    private static SurveyTemplate ExtraTemplate()
    {
        static JsonObject Text(string id, string en) => new() { ["id"] = id, ["en"] = en };
        var definition = new JsonObject
        {
            ["code"] = ExtraTemplateCode,
            ["version"] = 1,
            ["name"] = Text("Uji ekstra", "Extra test"),
            ["basis"] = "test",
            ["scale"] = new JsonObject { ["min"] = 1, ["max"] = 4 },
            ["questions"] = new JsonArray(
                new JsonObject
                {
                    ["code"] = "U1", ["type"] = "scale", ["order"] = 1, ["required"] = false,
                    ["title"] = Text("Judul U1", "Title U1"), ["prompt"] = Text("Pertanyaan U1", "Question U1"),
                    ["answers"] = new JsonArray(Enumerable.Range(1, 4).Select(v => (JsonNode)new JsonObject { ["value"] = v, ["id"] = $"Nilai {v}", ["en"] = $"Value {v}" }).ToArray()),
                },
                new JsonObject
                {
                    ["code"] = "Q1", ["type"] = "text", ["order"] = 2, ["required"] = false, ["maxLength"] = 200,
                    ["title"] = Text("Judul Q1", "Title Q1"), ["prompt"] = Text("Pertanyaan Q1", "Question Q1"),
                }),
        }.ToJsonString();
        var file = TemplateFile.Parse($"{ExtraTemplateCode}.v1.json", definition);
        var template = new SurveyTemplate { Code = ExtraTemplateCode, NameId = "Uji ekstra", NameEn = "Extra test" };
        template.Versions.Add(SurveyTemplateVersion.FromFile(file, definition, $"{ExtraTemplateCode}.v1.json"));
        return template;
    }

    /// <summary>Back to the state after <see cref="InitializeAsync"/>: no responses, results, workbooks or imports; surveys open; services as seeded (template versions added by a sequence stay).</summary>
    public async Task ResetAsync()
    {
        await using var scope = Scope();
        var db = Db(scope);
        await db.Responses.ExecuteDeleteAsync();
        await db.ResponseImports.ExecuteDeleteAsync();
        await db.IndexResults.ExecuteDeleteAsync();
        await db.StoredWorkbooks.ExecuteDeleteAsync();
        await db.JobRuns.ExecuteDeleteAsync();
        await db.Surveys.Where(s => !_initialSurveys.Contains(s.Id)).ExecuteDeleteAsync();
        await db.Surveys.ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, (DateTimeOffset?)null).SetProperty(s => s.PublishedAt, (DateTimeOffset?)null));
        var inactive = Malls.Select(m => m.Inactive).ToArray();
        await db.Services.ExecuteUpdateAsync(u => u.SetProperty(s => s.IsActive, s => !inactive.Contains(s.Id)));
        // New skm versions stay: a published version cannot be deleted (by design), and no survey uses them.
    }

    public Period PeriodOf(PeriodRef period) => period switch
    {
        PeriodRef.Open => Open,
        PeriodRef.Previous => Previous,
        _ => Old,
    };

    public string PeriodCode(PeriodRef period) => period == PeriodRef.Bad ? "2026-S3" : PeriodOf(period).Code;

    public MallWorld? MallOf(MallRef mall) => mall switch
    {
        MallRef.Jombang => Malls[0],
        MallRef.Bima => Malls[1],
        _ => null,
    };

    public MallWorld OtherMall(MallRef mall) => mall == MallRef.Jombang ? Malls[1] : Malls[0];

    public int? ServiceId(MallRef mall, ServiceRef service)
    {
        var m = MallOf(mall) ?? Malls[0];
        return service switch
        {
            ServiceRef.A1 => m.A1,
            ServiceRef.A2 => m.A2,
            ServiceRef.B1 => m.B1,
            ServiceRef.Inactive => m.Inactive,
            ServiceRef.OtherMall => OtherMall(mall).A1,
            ServiceRef.Unknown => 987654,
            _ => null,
        };
    }

    public int? AgencyId(MallRef mall, AgencyRef agency, ServiceRef service)
    {
        var m = MallOf(mall) ?? Malls[0];
        return agency switch
        {
            AgencyRef.A => m.AgencyA,
            AgencyRef.B => m.AgencyB,
            AgencyRef.OfService => service switch
            {
                ServiceRef.B1 => m.AgencyB,
                ServiceRef.OtherMall => OtherMall(mall).AgencyA,
                ServiceRef.None or ServiceRef.Unknown => null,
                _ => m.AgencyA,
            },
            AgencyRef.OtherMall => OtherMall(mall).AgencyA,
            AgencyRef.Unknown => 876543,
            _ => null,
        };
    }
}
