using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Alerts;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Email;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Alerts;

/// <summary>
/// MPP Jombang (35.17) taking SKM and SPAK responses in the current semester, MPP Kota Bima (52.72)
/// taking SKM, the in-process SMTP server, and the people of both: each MPP's admin and regional head
/// (Jombang's head reads English) and a ministry user.
/// </summary>
public sealed class IntegrityAlertFixture : EmailFixture
{
    public const string JombangAdmin = "mpp.jombang@surel.test";
    public const string JombangHead = "bupati.jombang@surel.test";
    public const string BimaAdmin = "mpp.bima@surel.test";
    public const string BimaHead = "bupati.bima@surel.test";
    public const string Ministry = "deputi@surel.test";

    public int AgencyId { get; private set; }
    public int ServiceId { get; private set; }
    public string OpenPeriod { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Survey:RateLimit:PermitLimit", "100000");
        builder.UseSetting("Survey:Burst:MaxResponses", "100000");
        builder.UseSetting("Survey:Burst:ClientMaxResponses", "0");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var mall = await db.Malls.SingleAsync(m => m.Id == MallId);
        var agency = new Agency { MallId = MallId, Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
        agency.Services.Add(new Service { Name = "Kartu Keluarga" });
        db.Agencies.Add(agency);
        var bima = new Mall { RegencyCode = "52.72", Name = "MPP Kota Bima", TimeZone = Core.Regions.IndonesianTimeZone.Wita };
        db.Malls.Add(bima);
        var open = Period.Containing(DateOnly.FromDateTime(mall.LocalTime(DateTimeOffset.UtcNow)), PeriodKind.Semester);
        if (!await db.Periods.AnyAsync(p => p.Code == open.Code))
        {
            db.Periods.Add(open);
        }
        await db.SaveChangesAsync();
        var skm = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        var spak = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "spak" && v.Version == 1);
        db.Surveys.Add(new Survey { MallId = MallId, TemplateVersionId = skm.Id, PeriodCode = open.Code });
        db.Surveys.Add(new Survey { MallId = MallId, TemplateVersionId = spak.Id, PeriodCode = open.Code });
        db.Surveys.Add(new Survey { MallId = bima.Id, TemplateVersionId = skm.Id, PeriodCode = open.Code });
        await db.SaveChangesAsync();
        AgencyId = agency.Id;
        ServiceId = agency.Services[0].Id;
        OpenPeriod = open.Code;

        await CreateUserAsync(JombangAdmin, Roles.MppAdmin, "id", "35.17", MallId, "Admin MPP Jombang");
        await CreateUserAsync(JombangHead, Roles.RegionalHead, "en", "35.17", null, "Bupati Jombang");
        await CreateUserAsync(BimaAdmin, Roles.MppAdmin, "id", "52.72", bima.Id);
        await CreateUserAsync(BimaHead, Roles.RegionalHead, "id", "52.72");
        await CreateUserAsync(Ministry, Roles.Ministry);
    }

    /// <summary>A Jombang response of <paramref name="template"/> with the given answers and suggestion, submitted a minute ago.</summary>
    public JsonObject Body(Guid id, string? suggestion, string template = "skm", JsonObject? answers = null) => new()
    {
        ["id"] = id.ToString(),
        ["regencyCode"] = "35.17",
        ["agencyId"] = AgencyId,
        ["serviceId"] = ServiceId,
        ["template"] = template,
        ["channel"] = "qr",
        ["submittedAt"] = ApiCalls.Iso(DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(TimeSpan.FromHours(7))),
        ["answers"] = answers ?? new JsonObject { ["U1"] = 4, ["U2"] = 3, ["U3"] = 2, ["U4"] = 4, ["U5"] = 3, ["U6"] = 4, ["U7"] = 4, ["U8"] = 1, ["U9"] = 3 },
        ["suggestion"] = suggestion,
    };

    /// <summary>Sends a response through POST /api/v1/responses and returns its status.</summary>
    public async Task<HttpStatusCode> SendAsync(JsonObject body)
    {
        using var client = LoginClient.Anonymous(this);
        var response = await ApiCalls.PostAsync(client, body);
        return response.StatusCode;
    }

    public async Task<List<IntegrityAlert>> AlertsOfAsync(Guid responseId)
    {
        await using var scope = Scope();
        return await Db(scope).IntegrityAlerts.AsNoTracking().Where(a => a.ResponseId == responseId).OrderBy(a => a.Reason).ToListAsync();
    }

    public Task<HttpClient> SignedInAsync(string email) => LoginClient.SignedInAsync(this, email, Password);

    /// <summary>Posts the acknowledge form of the alerts page as <paramref name="client"/>'s user.</summary>
    public static Task<HttpResponseMessage> AcknowledgeAsync(HttpClient client, long alertId, string note) =>
        PostFormAsync(client, "/Admin/Peringatan", "/Admin/Peringatan?handler=Acknowledge",
            [new("AlertId", alertId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Note", note)]);
}
