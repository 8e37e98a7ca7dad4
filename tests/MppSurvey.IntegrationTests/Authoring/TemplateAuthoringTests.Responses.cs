using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Authoring;
/// <summary>Responses to authored templates: one element trend across versions, and other-answers.</summary>
public sealed partial class TemplateAuthoringTests
{
    /// <summary>
    /// Template versions and the trend: skm v2 changes the wording of U3 and keeps its code, so responses to
    /// v1 and v2 count toward one U3 trend, across periods and within one period. Hand-worked values:
    /// Jombang 2025-S2 (v1) U3 answers 2, 3, 4: NRR 3.00; 2026-S1 (v2) U3 answers 4, 3: NRR 3.50.
    /// Kota Bima 2026-S1, one v1 response (all 4) and one v2 response (all 2, U3 = 1): every other
    /// element NRR (4 + 2) / 2 = 3.00, U3 (4 + 1) / 2 = 2.50; IKM = (8 x 3 + 2.5) / 9 = 2.9444...,
    /// converted 73.6111 -> 73.61, grade C.
    /// </summary>
    [Fact]
    public async Task A_response_to_skm_version_2_with_reworded_U3_still_counts_toward_the_U3_trend()
    {
        var jombang = App.MallIds["35.17"];
        var bima = App.MallIds["52.72"];
        int v1Id, v2Id, bimaV1Survey;
        await using (var scope = App.Scope())
        {
            var db = App.Db(scope);
            var skm = await db.SurveyTemplates.Include(t => t.Versions).SingleAsync(t => t.Code == "skm");
            var v1 = skm.Versions.Single(v => v.Version == 1);
            var v2 = TemplateDrafts.NewVersion(skm, v1, "admin@uji.test", DateTimeOffset.UtcNow);
            var file = TemplateFile.Of(v2, "skm").Copy();
            file.Questions.Single(q => q.Code == "U3").Prompt.Id = "Seberapa cepat pelayanan yang Saudara terima diselesaikan?";
            Assert.Empty(TemplateDrafts.Save(skm, v2, file));
            var changes = TemplateDrafts.Compare(TemplateFile.Of(v1, "skm"), TemplateFile.Of(v2, "skm"));
            Assert.Empty(changes.Dropped);
            Assert.Empty(changes.Added);
            Assert.Equal(TemplateDrafts.PublishOutcome.Published, TemplateDrafts.Publish(skm, v2, changes, false, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            v1Id = v1.Id;
            v2Id = v2.Id;
            var opened = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
            db.Surveys.Add(new Survey { MallId = jombang, TemplateVersionId = v1Id, PeriodCode = "2025-S2", OpenedAt = opened });
            db.Surveys.Add(new Survey { MallId = jombang, TemplateVersionId = v2Id, PeriodCode = "2026-S1", OpenedAt = opened.AddMonths(6) });
            var bimaV1 = new Survey { MallId = bima, TemplateVersionId = v1Id, PeriodCode = "2026-S1", OpenedAt = opened.AddMonths(6) };
            db.Surveys.Add(bimaV1);
            // The version changed mid-period: the newer survey takes the responses from now on.
            db.Surveys.Add(new Survey { MallId = bima, TemplateVersionId = v2Id, PeriodCode = "2026-S1", OpenedAt = opened.AddMonths(8) });
            await db.SaveChangesAsync();
            bimaV1Survey = bimaV1.Id;
            // A v1 response from before the switch, stored as the v1 survey recorded it.
            db.Responses.Add(new Response
            {
                Id = Guid.NewGuid(),
                SurveyId = bimaV1Survey,
                MallId = bima,
                TemplateVersionId = v1Id,
                PeriodCode = "2026-S1",
                Channel = ResponseChannel.Kiosk,
                SubmittedAtLocal = new DateTime(2026, 2, 2, 9, 0, 0),
                ReceivedAt = DateTimeOffset.UtcNow,
                Scores = [4, 4, 4, 4, 4, 4, 4, 4, 4],
            });
            await db.SaveChangesAsync();
        }

        static Dictionary<string, int?> Answers(int rest, int u3) =>
            new[] { "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9" }.ToDictionary(c => c, c => (int?)(c == "U3" ? u3 : rest));
        async Task<RecordResult> Record(string regency, DateTimeOffset at, Dictionary<string, int?> answers)
        {
            await using var scope = App.Scope();
            return await scope.ServiceProvider.GetRequiredService<ResponseRecorder>().RecordAsync(new ResponseSubmission
            {
                Id = Guid.NewGuid(),
                RegencyCode = regency,
                Channel = ResponseChannel.QrPhone,
                SubmittedAt = at,
                StartedAt = at.AddMinutes(-4),
                Answers = answers,
            });
        }

        var s2 = new DateTimeOffset(2025, 9, 10, 3, 0, 0, TimeSpan.Zero);
        var s1 = new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero);
        var recorded = new[]
        {
            await Record("35.17", s2, Answers(4, 2)),
            await Record("35.17", s2, Answers(3, 3)),
            await Record("35.17", s2, Answers(4, 4)),
            await Record("35.17", s1, Answers(4, 4)),
            await Record("35.17", s1, Answers(3, 3)),
            await Record("52.72", s1, Answers(2, 1)),
        };
        Assert.All(recorded, r => Assert.Equal(RecordOutcome.Created, r.Outcome));

        List<IndexResult> results;
        await using (var scope = App.Scope())
        {
            var db = App.Db(scope);
            // The recorder put each response on the version its survey runs.
            var versions = await db.Responses.Where(r => recorded.Select(x => x.Id).Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.TemplateVersionId);
            Assert.Equal([v1Id, v1Id, v1Id, v2Id, v2Id, v2Id], recorded.Select(r => versions[r.Id]));

            await new RecomputeIndices(db).RunAsync(["2025-S2", "2026-S1"]);
            results = await db.IndexResults.AsNoTracking().Where(r => r.UnitKind == UnitKind.Mall && r.TemplateCode == "skm").ToListAsync();
        }

        decimal Nrr(IndexResult r, string code)
        {
            var i = Array.IndexOf(r.ElementCodes, code);
            Assert.True(i >= 0, $"{r.PeriodCode} has no {code}");
            return (decimal)r.ElementSums[i] / r.ElementAnswered[i];
        }
        var jombangS2 = results.Single(r => r.MallId == jombang && r.PeriodCode == "2025-S2");
        var jombangS1 = results.Single(r => r.MallId == jombang && r.PeriodCode == "2026-S1");
        var bimaS1 = results.Single(r => r.MallId == bima && r.PeriodCode == "2026-S1");
        Assert.Equal(3.00m, Nrr(jombangS2, "U3"));
        Assert.Equal(3.50m, Nrr(jombangS1, "U3"));
        Assert.Equal((3, 2), (jombangS2.ElementAnswered[Array.IndexOf(jombangS2.ElementCodes, "U3")], jombangS1.ElementAnswered[Array.IndexOf(jombangS1.ElementCodes, "U3")]));
        Assert.Equal(9, jombangS1.ElementCodes.Length);
        Assert.Equal(2, bimaS1.Respondents);
        Assert.Equal(2.50m, Nrr(bimaS1, "U3"));
        Assert.All(bimaS1.ElementCodes.Where(c => c != "U3"), c => Assert.Equal(3.00m, Nrr(bimaS1, c)));
        Assert.Equal(73.61m, bimaS1.Converted);
        Assert.Equal("C", bimaS1.Grade);
        // The change against the previous period is computed on the same U3 across the versions.
        Assert.Equal(jombangS2.Converted, jombangS1.PreviousConverted);
    }

    [Fact]
    public async Task Other_answers_are_stored_as_sent_and_a_choice_that_is_not_an_answer_is_refused_with_nothing_stored()
    {
        await DraftTemplateAsync("uji-lain", null, file =>
        {
            var overall = TemplateDrafts.AddQuestion(file, "single");
            overall.Overall = true;
            TemplateDrafts.AddAnswer(overall);
            TemplateDrafts.AddQuestion(file, "multiple");
            TemplateDrafts.AddAnswer(file.Questions[^1]);
            var text = TemplateDrafts.AddQuestion(file, "text");
            text.MaxLength = 40;
            var number = TemplateDrafts.AddQuestion(file, "number");
            number.Min = 0;
            number.Max = 60;
            number.Required = true;
        }, publish: true);
        await using (var scope = App.Scope())
        {
            var db = App.Db(scope);
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "uji-lain");
            db.Surveys.Add(new Survey { MallId = App.MallIds["52.72"], TemplateVersionId = version.Id, PeriodCode = "2026-S2" });
            await db.SaveChangesAsync();
        }
        var client = LoginClient.Anonymous(App);
        JsonObject Body(Guid id, JsonObject other) => new()
        {
            ["id"] = id,
            ["regencyCode"] = "52.72",
            ["template"] = "uji-lain",
            ["channel"] = "qr",
            ["submittedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["answers"] = new JsonObject { ["U1"] = 4, ["U3"] = 2 },
            ["other"] = other,
        };

        var good = Guid.NewGuid();
        var sent = new JsonObject { ["Q1"] = 3, ["Q2"] = new JsonArray(1, 3), ["Q3"] = "Ruang tunggu nyaman", ["Q4"] = 42 };
        var created = await client.PostAsync("/api/v1/responses", JsonContent.Create(Body(good, (JsonObject)sent.DeepClone())));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using (var scope = App.Scope())
        {
            var row = await App.Db(scope).Responses.SingleAsync(r => r.Id == good);
            Assert.True(JsonNode.DeepEquals(sent, JsonNode.Parse(row.OtherAnswers!)), row.OtherAnswers);
        }

        var bad = Guid.NewGuid();
        var refused = await client.PostAsync("/api/v1/responses", JsonContent.Create(Body(bad, new JsonObject { ["Q1"] = 7, ["Q3"] = "ok", ["Q4"] = 61, ["Q9"] = 1 })));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("7 bukan salah satu jawaban pertanyaan ini.", (string?)problem["errors"]!["other.Q1"]![0]);
        Assert.Equal("Jawaban paling besar 60.", (string?)problem["errors"]!["other.Q4"]![0]);
        Assert.Equal("Pertanyaan Q9 tidak ada dalam kuesioner versi 1.", (string?)problem["errors"]!["other.Q9"]![0]);
        await using (var scope = App.Scope())
        {
            Assert.False(await App.Db(scope).Responses.AnyAsync(r => r.Id == bad));
        }

        var missing = await client.PostAsync("/api/v1/responses?culture=en", JsonContent.Create(Body(Guid.NewGuid(), new JsonObject { ["Q2"] = new JsonArray(2, 2) })));
        var missingProblem = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("Question Q4 must be answered.", (string?)missingProblem["errors"]!["other.Q4"]![0]);
        Assert.Equal("Answer 2 is chosen twice.", (string?)missingProblem["errors"]!["other.Q2"]![0]);
    }
}
