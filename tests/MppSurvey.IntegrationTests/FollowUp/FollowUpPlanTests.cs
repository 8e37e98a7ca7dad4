using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.FollowUp;
using MppSurvey.IntegrationTests.Public;

namespace MppSurvey.IntegrationTests.FollowUp;

/// <summary>
/// The follow-up plan on the fixture of the public tests (its answers make U3, U8 and U9 the three
/// weakest elements of 2025-S2). Jombang's plan is written through the page; Bima's is seeded.
/// </summary>
public sealed partial class FollowUpPlanTests(PublicResultsFixture app) : IClassFixture<PublicResultsFixture>
{
    [GeneratedRegex("<option value=\"(U\\d)\" selected=\"selected\">")]
    private static partial Regex SelectedElement();

    private static List<KeyValuePair<string, string>> PlanForm(string regency, string period, params (string element, string action)[] rows)
    {
        var fields = new List<KeyValuePair<string, string>> { new("mpp", regency), new("periode", period) };
        for (var i = 0; i < rows.Length; i++)
        {
            fields.Add(new($"Rows[{i}].ElementCode", rows[i].element));
            fields.Add(new($"Rows[{i}].Action", rows[i].action));
            fields.Add(new($"Rows[{i}].Timeline", "2026-Q1"));
            fields.Add(new($"Rows[{i}].PersonInCharge", "Kepala MPP"));
            fields.Add(new($"Rows[{i}].Status", "InProgress"));
            fields.Add(new($"Rows[{i}].EvidenceNote", "Foto papan informasi"));
        }
        return fields;
    }

    private async Task<List<FollowUpAction>> ActionsAsync(string regency, string period)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).FollowUpActions.AsNoTracking().Where(a => a.MallId == app.MallIds[regency] && a.PeriodCode == period).ToListAsync();
    }

    [Fact]
    public async Task The_plan_starts_with_the_three_lowest_elements_and_its_rows_appear_in_the_workbook()
    {
        var client = await app.SignedInAsync("mpp@uji.test");
        // A workbook stored before the plan existed must not be served afterwards.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/laporan/35.17/2025-S2.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/laporan/35.17/2025-S2.docx")).StatusCode);

        var html = await client.GetStringAsync("/Admin/TindakLanjut?periode=2025-S2");
        Assert.Equal(["U3", "U8", "U9"], SelectedElement().Matches(html).Select(m => m.Groups[1].Value));

        var save = await PublicResultsFixture.PostFormAsync(client, "/Admin/TindakLanjut?periode=2025-S2", "/Admin/TindakLanjut",
            PlanForm("35.17", "2025-S2", ("U3", "Tambah loket <b>Dukcapil</b>"), ("U8", "Kotak pengaduan daring"), ("U9", "Perbaiki ruang tunggu"), ("", "")));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var actions = await ActionsAsync("35.17", "2025-S2");
        Assert.Equal(3, actions.Count);
        Assert.All(actions, a => Assert.Equal(FollowUpStatus.InProgress, a.Status));

        // Visitor-typed text is escaped, never rendered raw.
        var page = await client.GetStringAsync("/Admin/TindakLanjut?periode=2025-S2");
        Assert.Contains("Tambah loket &lt;b&gt;Dukcapil&lt;/b&gt;", page, StringComparison.Ordinal);

        // The semester report stored before the plan is dropped too: its BAB V lists the plan. (Read
        // before the workbook, whose regeneration would rewrite the report as well.)
        var report = Reporting.SemesterReportTests.BodyText(await client.GetByteArrayAsync("/laporan/35.17/2025-S2.docx"));
        Assert.Contains("Tambah loket <b>Dukcapil</b>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Belum ada rencana tindak lanjut", report, StringComparison.Ordinal);

        var xlsx = await client.GetAsync("/laporan/35.17/2025-S2.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Tindak Lanjut");
        var cells = sheet.CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Contains("Tambah loket <b>Dukcapil</b>", cells);
        Assert.Contains("Kotak pengaduan daring", cells);
        Assert.Contains("Perbaiki ruang tunggu", cells);
        Assert.Contains("Kepala MPP", cells);
        Assert.Contains("Sedang berjalan", cells);
    }

    [Fact]
    public async Task The_next_period_shows_each_actions_outcome_next_to_its_elements_change()
    {
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            db.FollowUpActions.Add(new FollowUpAction
            {
                MallId = app.MallIds["52.72"], PeriodCode = "2025-S2", ElementCode = "U3", Action = "Layanan antar dokumen",
                Timeline = "2026-Q1", PersonInCharge = "Kasi Pelayanan", Status = FollowUpStatus.Done, EvidenceNote = "SK Kepala Dinas",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var client = await app.SignedInAsync("deputi@uji.test");

        var html = await client.GetStringAsync("/Admin/TindakLanjut?mpp=52.72&periode=2026-S1");

        // U3: 2 for everyone in 2025-S2 (50,00), 3 in 2026-S1 (75,00).
        var outcomes = PublicResultsFixture.Text(html[html.IndexOf("id=\"outcomes\"", StringComparison.Ordinal)..]);
        Assert.Contains("Layanan antar dokumen", outcomes, StringComparison.Ordinal);
        Assert.Contains("50,00", outcomes, StringComparison.Ordinal);
        Assert.Contains("75,00", outcomes, StringComparison.Ordinal);
        Assert.Contains("+25,00", outcomes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_MPPs_admin_or_a_regional_head_cannot_read_or_write_the_plan()
    {
        var bima = await app.SignedInAsync("mpp.bima@uji.test");
        PublicResultsFixture.AssertRefused(await bima.GetAsync("/Admin/TindakLanjut?mpp=35.17&periode=2026-S1"));
        PublicResultsFixture.AssertRefused(await PublicResultsFixture.PostFormAsync(bima, "/Admin/TindakLanjut", "/Admin/TindakLanjut",
            PlanForm("35.17", "2026-S1", ("U1", "Bukan MPP saya"))));

        // Jombang's action id posted against Bima's own MPP is not found: nothing is written.
        long jombangId;
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var action = new FollowUpAction
            {
                MallId = app.MallIds["35.17"], PeriodCode = "2026-S1", ElementCode = "U2", Action = "Asli",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.FollowUpActions.Add(action);
            await db.SaveChangesAsync();
            jombangId = action.Id;
        }
        var form = PlanForm("52.72", "2026-S1", ("U2", "Diubah"));
        form.Add(new("Rows[0].Id", jombangId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        PublicResultsFixture.AssertRefused(await PublicResultsFixture.PostFormAsync(bima, "/Admin/TindakLanjut", "/Admin/TindakLanjut", form));

        var bupati = await app.SignedInAsync("bupati@uji.test");
        PublicResultsFixture.AssertRefused(await bupati.GetAsync("/Admin/TindakLanjut?mpp=35.17&periode=2026-S1"));
        PublicResultsFixture.AssertRefused(await PublicResultsFixture.PostFormAsync(bupati, "/", "/Admin/TindakLanjut",
            PlanForm("35.17", "2026-S1", ("U1", "Bupati menulis"))));

        var jombang = await ActionsAsync("35.17", "2026-S1");
        Assert.Equal("Asli", Assert.Single(jombang).Action);
        Assert.Empty(await ActionsAsync("52.72", "2026-S1"));
    }
}
