using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Dashboards;

/// <summary>
/// SPKP and SPAK results on every surface (docs/method.md, Other templates (SPKP, SPAK)): the worked
/// examples' six respondents per template sent through POST /api/v1/responses to Jombang's open
/// period, the index job run, and the hand-worked index and interval read back from the dashboard,
/// the ministry page, the public page and open data (once published) and the workbook. The previous
/// period has SPKP but no SPAK and stays unpublished; Kota Bima runs SKM only.
/// </summary>
public sealed class SpkpSpakResultsTests(SpkpSpakResultsTests.Fixture app) : IClassFixture<SpkpSpakResultsTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";

    /// <summary>The worked examples of docs/method.md (the unit tests' SpkpSpakWorkedExampleTests hold the same rows).</summary>
    private static class SpkpSpakWorkedExample
    {
        public static readonly string[] SpakCodes = ["A1", "A2", "A3", "A4", "A5"];
        public static readonly string[] SpkpCodes = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"];

        public static readonly int?[][] Spak =
        [
            [6, 6, 5, 6, 6], [5, 5, 5, 6, 5], [4, 5, 4, 5, 4], [6, 6, 6, 6, 6], [5, 4, null, 5, 5], [3, 4, 4, 5, 4],
        ];

        public static readonly int?[][] Spkp =
        [
            [5, 5, 4, 5, 6, 5, 4, 5], [6, 6, 5, 6, 6, 6, 5, 6], [4, 4, 3, 4, 5, 4, 3, 4],
            [5, 6, 5, 5, 6, 5, null, 5], [3, 4, 3, 4, 4, 4, 3, 4], [5, 5, 4, 5, 6, 5, 4, 5],
        ];
    }

    public sealed class Fixture : ApiFixture
    {
        /// <summary>The public page of Jombang before its open period was published.</summary>
        public string PublicBeforePublishing { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            int jombang, bima;
            await using (var scope = Scope())
            {
                var db = Db(scope);
                jombang = await db.Malls.Where(m => m.RegencyCode == Regency).Select(m => m.Id).SingleAsync();
                bima = await db.Malls.Where(m => m.RegencyCode == "52.72").Select(m => m.Id).SingleAsync();
                var spkp = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "spkp" && v.Version == 1);
                var spak = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "spak" && v.Version == 1);
                var skm = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
                var closedSpkp = new Survey { MallId = jombang, TemplateVersionId = spkp.Id, PeriodCode = ClosedPeriod, OpenedAt = DateTimeOffset.UtcNow.AddMonths(-7), ClosedAt = DateTimeOffset.UtcNow.AddMonths(-1) };
                db.Surveys.AddRange(
                    new Survey { MallId = jombang, TemplateVersionId = spkp.Id, PeriodCode = OpenPeriod },
                    new Survey { MallId = jombang, TemplateVersionId = spak.Id, PeriodCode = OpenPeriod },
                    closedSpkp);
                await db.SaveChangesAsync();

                // The previous (closed, never published) period: SKM and SPKP only, every SPKP answer 4 (index 4.00).
                var closedSkm = await db.Surveys.SingleAsync(s => s.MallId == jombang && s.PeriodCode == ClosedPeriod && s.TemplateVersionId == skm.Id);
                var bimaSkm = await db.Surveys.SingleAsync(s => s.MallId == bima && s.TemplateVersionId == skm.Id);
                for (var i = 0; i < 4; i++)
                {
                    db.Responses.Add(Stored(closedSpkp, jombang, spkp.Id, ClosedPeriod, [4, 4, 4, 4, 4, 4, 4, 4], InClosedPeriod));
                    db.Responses.Add(Stored(closedSkm, jombang, skm.Id, ClosedPeriod, [3, 3, 3, 3, 3, 3, 3, 3, 3], InClosedPeriod));
                    db.Responses.Add(Stored(bimaSkm, bima, skm.Id, OpenPeriod, [4, 3, 4, 3, 4, 3, 4, 3, 4], DateTimeOffset.UtcNow.AddMinutes(-5)));
                }
                await db.SaveChangesAsync();
                await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
                    ("deputi@uji.test", Roles.Ministry, (string?)null, (int?)null),
                    ("admin@uji.test", Roles.Administrator, null, null));
            }

            // The worked examples through the API, as visitors' phones send them; two SKM responses beside them.
            var client = CreateClient();
            foreach (var (template, codes, rows) in new[]
            {
                ("spkp", SpkpSpakWorkedExample.SpkpCodes, SpkpSpakWorkedExample.Spkp),
                ("spak", SpkpSpakWorkedExample.SpakCodes, SpkpSpakWorkedExample.Spak),
            })
            {
                foreach (var row in rows)
                {
                    var body = ApiCalls.ValidBody(this);
                    body["template"] = template;
                    body["suggestion"] = null;
                    var answers = new JsonObject();
                    for (var i = 0; i < codes.Length; i++)
                    {
                        answers[codes[i]] = row[i] is int a ? JsonValue.Create(a) : null;
                    }
                    body["answers"] = answers;
                    var response = await ApiCalls.PostAsync(client, body);
                    Assert.True(response.IsSuccessStatusCode, $"{template}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            for (var i = 0; i < 2; i++)
            {
                Assert.True((await ApiCalls.PostAsync(client, ApiCalls.ValidBody(this))).IsSuccessStatusCode);
            }

            await using (var scope = Scope())
            {
                var db = Db(scope);
                await new RecomputeIndices(db).RunAsync([ClosedPeriod, OpenPeriod]);
            }
            PublicBeforePublishing = await CreateClient().GetStringAsync($"/publik/{Regency}");
            await using (var scope = Scope())
            {
                // Close and publish the open period (what the period page's two buttons do).
                var now = DateTimeOffset.UtcNow;
                await Db(scope).Surveys.Where(s => s.MallId == jombang && s.PeriodCode == OpenPeriod)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosedAt, now).SetProperty(s => s.PublishedAt, now));
            }
        }

        private static Response Stored(Survey survey, int mallId, int versionId, string period, short?[] scores, DateTimeOffset at) => new()
        {
            Id = Guid.NewGuid(),
            SurveyId = survey.Id,
            MallId = mallId,
            TemplateVersionId = versionId,
            PeriodCode = period,
            Channel = ResponseChannel.Kiosk,
            SubmittedAtLocal = at.ToOffset(TimeSpan.FromHours(7)).DateTime,
            ReceivedAt = at.ToUniversalTime(),
            Scores = scores,
        };
    }

    private SignedInClients? _clients;

    private Task<HttpClient> ClientAsync(string email) => (_clients ??= new SignedInClients(app, Password)).ForAsync(email);

    private static string Text(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The HTML of one template's card, from its opening tag to the next card or the end of the section.</summary>
    private static string Card(string html, string template)
    {
        var start = html.IndexOf($"id=\"other-{template}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {template} card");
        var end = html.IndexOf("</article>", start, StringComparison.Ordinal);
        return Text(html[start..end]);
    }

    [Fact]
    public async Task The_dashboard_shows_both_indices_on_the_1_to_6_scale_with_the_hand_worked_interval()
    {
        var html = await (await ClientAsync("admin@uji.test")).GetStringAsync($"/dasbor/35.17?periode={app.OpenPeriod}");

        var spkp = Card(html, "spkp");
        Assert.Contains("4,68 dari 6", spkp, StringComparison.Ordinal);
        Assert.Contains("73,67 pada skala 0–100", spkp, StringComparison.Ordinal);
        Assert.Contains("3,83 – 5,54", spkp, StringComparison.Ordinal);
        Assert.Contains("0–100: 56,61 – 90,72", spkp, StringComparison.Ordinal);
        // Against the previous period's 4.00: +0.68.
        Assert.Contains($"Perubahan sejak {app.ClosedPeriod}", spkp, StringComparison.Ordinal);
        Assert.Contains("+0,68", spkp, StringComparison.Ordinal);
        // Weakest first: P7 (19/5 = 3.80, one blank), then P3 (4.00).
        Assert.True(spkp.IndexOf("data-indicator=\"P7\"", StringComparison.Ordinal) < spkp.IndexOf("data-indicator=\"P3\"", StringComparison.Ordinal));
        Assert.Contains("3,80", spkp, StringComparison.Ordinal);

        var spak = Card(html, "spak");
        Assert.Contains("5,03 dari 6", spak, StringComparison.Ordinal);
        Assert.Contains("80,53 pada skala 0–100", spak, StringComparison.Ordinal);
        Assert.Contains("4,17 – 5,88", spak, StringComparison.Ordinal);
        Assert.Contains("Belum ada periode sebelumnya", spak, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cards_link_to_the_method_section_that_states_the_rule()
    {
        var html = await (await ClientAsync("admin@uji.test")).GetStringAsync($"/dasbor/35.17?periode={app.OpenPeriod}");
        var method = await app.CreateClient().GetStringAsync("/metode");

        Assert.Contains("href=\"/metode#other-templates\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"other-templates\"", method, StringComparison.Ordinal);
        Assert.Contains("Peraturan Menteri PANRB No. 90 Tahun 2021", Text(method), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_with_SPKP_but_no_SPAK_shows_the_SPKP_card_alone()
    {
        var response = await (await ClientAsync("admin@uji.test")).GetAsync($"/dasbor/35.17?periode={app.ClosedPeriod}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("4,00 dari 6", Card(html, "spkp"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"other-spak\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_MPP_with_SKM_only_has_no_SPKP_card_and_no_error()
    {
        var response = await (await ClientAsync("admin@uji.test")).GetAsync($"/dasbor/52.72?periode={app.OpenPeriod}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"h-trend\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"other-indices\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ministry_compares_SPKP_and_SPAK_per_MPP_with_intervals()
    {
        var html = await (await ClientAsync("deputi@uji.test")).GetStringAsync($"/kementerian?periode={app.OpenPeriod}");

        var start = html.IndexOf("id=\"perception-malls\"", StringComparison.Ordinal);
        Assert.True(start >= 0);
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        var jombang = Text(Row(table, "35.17"));
        Assert.Contains("4,68", jombang, StringComparison.Ordinal);
        Assert.Contains("3,83 – 5,54", jombang, StringComparison.Ordinal);
        Assert.Contains("5,03", jombang, StringComparison.Ordinal);
        Assert.Contains("4,17 – 5,88", jombang, StringComparison.Ordinal);
        // Kota Bima ran SKM only: its row says so, no figure.
        var bima = Row(table, "52.72");
        Assert.Contains("<td class=\"num\" data-template=\"spkp\">–</td>", Text(bima), StringComparison.Ordinal);
    }

    private static string Row(string table, string regency)
    {
        var start = table.IndexOf($"<tr data-perception-regency=\"{regency}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {regency}");
        return table[start..table.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_public_page_shows_the_published_period_and_never_the_unpublished_one()
    {
        // Before publishing nothing of SPKP/SPAK was public.
        Assert.DoesNotContain("id=\"other-indices\"", app.PublicBeforePublishing, StringComparison.Ordinal);

        var html = await app.CreateClient().GetStringAsync("/publik/35.17");

        var spkp = Card(html, "spkp");
        Assert.Contains("4,68 dari 6", spkp, StringComparison.Ordinal);
        Assert.Contains("3,83 – 5,54", spkp, StringComparison.Ordinal);
        // The previous period (4.00) is closed but unpublished: neither its row nor the change against it shows.
        Assert.DoesNotContain(app.ClosedPeriod, spkp, StringComparison.Ordinal);
        Assert.DoesNotContain("Perubahan sejak", spkp, StringComparison.Ordinal);
        Assert.Contains("Belum ada periode sebelumnya", spkp, StringComparison.Ordinal);
        Assert.Contains("5,03 dari 6", Card(html, "spak"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_open_data_lists_the_published_SPKP_and_SPAK_figures_only()
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/publik/35.17"));

        var perception = doc.RootElement.GetProperty("perception").EnumerateArray().ToDictionary(p => p.GetProperty("template").GetString()!);
        var spkp = Assert.Single(perception["spkp"].GetProperty("periods").EnumerateArray());
        Assert.Equal(app.OpenPeriod, spkp.GetProperty("period").GetString());
        Assert.Equal(4.68m, spkp.GetProperty("index").GetDecimal());
        Assert.Equal(73.67m, spkp.GetProperty("rescaled").GetDecimal());
        Assert.Equal(3.83m, spkp.GetProperty("ciLow").GetDecimal());
        Assert.Equal(5.54m, spkp.GetProperty("ciHigh").GetDecimal());
        Assert.Equal(JsonValueKind.Null, spkp.GetProperty("change").ValueKind);
        Assert.Equal(6, perception["spkp"].GetProperty("scaleMax").GetInt32());
        var spak = Assert.Single(perception["spak"].GetProperty("periods").EnumerateArray());
        Assert.Equal(5.03m, spak.GetProperty("index").GetDecimal());
        Assert.Equal(4.17m, spak.GetProperty("ciLow").GetDecimal());
        Assert.Equal(5.88m, spak.GetProperty("ciHigh").GetDecimal());
    }

    [Fact]
    public async Task The_workbook_has_the_SPKP_SPAK_sheet_with_the_hand_worked_cells()
    {
        var response = await (await ClientAsync("admin@uji.test")).GetAsync($"/laporan/35.17/{app.OpenPeriod}.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        var sheet = workbook.Worksheet("SPKP SPAK");
        // SPKP block: name at row 4, header at 5, the previous period (4.00) at 6, this one at 7.
        Assert.Contains("SPKP", sheet.Cell(4, 1).GetString(), StringComparison.Ordinal);
        Assert.Equal(app.ClosedPeriod, sheet.Cell(6, 1).GetString());
        Assert.Equal(4.00, sheet.Cell(6, 2).GetDouble());
        Assert.Equal(app.OpenPeriod, sheet.Cell(7, 1).GetString());
        Assert.Equal(4.68, sheet.Cell(7, 2).GetDouble());
        Assert.Equal(73.67, sheet.Cell(7, 3).GetDouble());
        Assert.Equal(3.83, sheet.Cell(7, 4).GetDouble(), 2);
        Assert.Equal(5.54, sheet.Cell(7, 5).GetDouble(), 2);
        Assert.Equal(6, sheet.Cell(7, 8).GetDouble());
        Assert.Equal(0.68, sheet.Cell(7, 9).GetDouble(), 2);
        // Indicators weakest first under their header (rows 9-10): P7 3.80 first.
        Assert.StartsWith("P7 ", sheet.Cell(11, 1).GetString(), StringComparison.Ordinal);
        Assert.Equal(3.80, sheet.Cell(11, 2).GetDouble());
        var spak = sheet.CellsUsed().First(c => c.GetString().Contains("(SPAK)", StringComparison.Ordinal)).Address.RowNumber;
        Assert.Equal(5.03, sheet.Cell(spak + 2, 2).GetDouble());
        Assert.Equal(4.17, sheet.Cell(spak + 2, 4).GetDouble(), 2);
        Assert.Equal(5.88, sheet.Cell(spak + 2, 5).GetDouble(), 2);
    }

    [Fact]
    public async Task The_national_workbook_lists_SPKP_and_SPAK_per_MPP()
    {
        var response = await (await ClientAsync("deputi@uji.test")).GetAsync($"/laporan/nasional/{app.OpenPeriod}.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        var sheet = workbook.Worksheet("SPKP SPAK");
        // Header at row 5; Jombang is the only MPP that ran them (Kota Bima: SKM only, no row).
        Assert.Equal("35.17", sheet.Cell(6, 2).GetString());
        Assert.Equal(4.68, sheet.Cell(6, 4).GetDouble());
        Assert.Equal(73.67, sheet.Cell(6, 5).GetDouble());
        Assert.Equal(3.83, sheet.Cell(6, 6).GetDouble(), 2);
        Assert.Equal(5.54, sheet.Cell(6, 7).GetDouble(), 2);
        Assert.Equal(6, sheet.Cell(6, 8).GetDouble());
        Assert.Equal(5.03, sheet.Cell(6, 9).GetDouble());
        Assert.Equal(4.17, sheet.Cell(6, 11).GetDouble(), 2);
        Assert.Equal(5.88, sheet.Cell(6, 12).GetDouble(), 2);
        Assert.True(sheet.Cell(7, 2).IsEmpty());
    }

    [Fact]
    public async Task An_SKM_only_workbook_keeps_its_sheets()
    {
        var response = await (await ClientAsync("admin@uji.test")).GetAsync($"/laporan/52.72/{app.OpenPeriod}.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        Assert.DoesNotContain(workbook.Worksheets, s => s.Name == "SPKP SPAK");
    }
}
