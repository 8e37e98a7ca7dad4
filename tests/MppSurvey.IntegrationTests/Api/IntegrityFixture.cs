using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// The API fixture (Jombang with Dukcapil and Samsat, an open and a closed skm survey, kiosks, Kota
/// Bima) plus what the integrity and property tests need: a questionnaire "lain" with two scored
/// questions and every kind of unscored one (T1 text up to 200 characters, S1 single choice 1-3,
/// M1 multiple choice 1-3, N1 number 0-100) surveyed in Jombang's open period, an inactive service
/// of Dukcapil, an inactive agency with an active service, and a service of Kota Bima.
/// </summary>
public sealed class IntegrityFixture : ApiFixture
{
    public const string OtherTemplate = "lain";
    public const int TextLimit = 200;

    public int SamsatAgencyId { get; private set; }
    public int InactiveServiceId { get; private set; }
    public int InactiveAgencyId { get; private set; }
    public int ServiceOfInactiveAgencyId { get; private set; }
    public int BimaServiceId { get; private set; }
    public int MallId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var mall = await db.Malls.Include(m => m.Agencies).ThenInclude(a => a.Services).SingleAsync(m => m.RegencyCode == Regency);
        var bima = await db.Malls.Include(m => m.Agencies).ThenInclude(a => a.Services).SingleAsync(m => m.RegencyCode == "52.72");
        var retired = new Service { Name = "KTP lama", IsActive = false };
        mall.Agencies.Single(a => a.Id == AgencyId).Services.Add(retired);
        var closedAgency = new Agency { Name = "Kantor Pertanahan", ShortName = "BPN", IsActive = false };
        closedAgency.Services.Add(new Service { Name = "Sertifikat tanah" });
        mall.Agencies.Add(closedAgency);
        var bimaService = new Service { Name = "Kartu BPJS" };
        bima.Agencies[0].Services.Add(bimaService);

        var definition = TemplateJson();
        var file = TemplateFile.Parse($"{OtherTemplate}.v1.json", definition);
        var template = new SurveyTemplate { Code = OtherTemplate, NameId = "Uji lain", NameEn = "Other test" };
        var version = SurveyTemplateVersion.FromFile(file, definition, $"{OtherTemplate}.v1.json");
        template.Versions.Add(version);
        db.SurveyTemplates.Add(template);
        await db.SaveChangesAsync();
        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = OpenPeriod });
        await db.SaveChangesAsync();

        SamsatAgencyId = mall.Agencies.Single(a => a.Services.Any(s => s.Id == OtherAgencyServiceId)).Id;
        InactiveServiceId = retired.Id;
        InactiveAgencyId = closedAgency.Id;
        ServiceOfInactiveAgencyId = closedAgency.Services[0].Id;
        BimaServiceId = bimaService.Id;
        MallId = mall.Id;
    }

    /// <summary>A valid response to "lain": both scored questions and every unscored one answered.</summary>
    public JsonObject OtherBody(Guid? id = null)
    {
        var body = ApiCalls.ValidBody(this, id);
        body["template"] = OtherTemplate;
        body["answers"] = new JsonObject { ["U1"] = 3, ["U2"] = 4 };
        body["other"] = new JsonObject { ["T1"] = "Antrean cepat", ["S1"] = 2, ["M1"] = new JsonArray(1, 3), ["N1"] = 15 };
        return body;
    }

    private static string TemplateJson()
    {
        static JsonObject Question(string code, string type, int order, Action<JsonObject>? more = null)
        {
            var q = new JsonObject
            {
                ["code"] = code,
                ["type"] = type,
                ["order"] = order,
                ["required"] = false,
                ["title"] = new JsonObject { ["id"] = "Judul " + code, ["en"] = "Title " + code },
                ["prompt"] = new JsonObject { ["id"] = "Pertanyaan " + code, ["en"] = "Question " + code },
                ["answers"] = new JsonArray(),
            };
            more?.Invoke(q);
            return q;
        }
        static void Choices(JsonObject q, int count) => q["answers"] = new JsonArray(Enumerable.Range(1, count)
            .Select(v => (JsonNode)new JsonObject { ["value"] = v, ["id"] = "Nilai " + v, ["en"] = "Value " + v }).ToArray());

        return new JsonObject
        {
            ["code"] = OtherTemplate,
            ["version"] = 1,
            ["name"] = new JsonObject { ["id"] = "Uji lain", ["en"] = "Other test" },
            ["basis"] = "test",
            ["scale"] = new JsonObject { ["min"] = 1, ["max"] = 4 },
            ["questions"] = new JsonArray(
                Question("U1", "scale", 1, q => Choices(q, 4)),
                Question("U2", "scale", 2, q => Choices(q, 4)),
                Question("T1", "text", 3, q => q["maxLength"] = TextLimit),
                Question("S1", "single", 4, q => Choices(q, 3)),
                Question("M1", "multiple", 5, q => Choices(q, 3)),
                Question("N1", "number", 6, q =>
                {
                    q["min"] = 0;
                    q["max"] = 100;
                })),
        }.ToJsonString();
    }
}
