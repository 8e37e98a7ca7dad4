using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

public sealed class ImportAndWorkbookTests(ImportAndWorkbookTests.Fixture app) : IClassFixture<ImportAndWorkbookTests.Fixture>
{
    public const string Password = "uji-coba-2026-aman";

    /// <summary>Jombang and Kota Bima with one service each, and one user per role scoped to Jombang.</summary>
    public sealed class Fixture : AppFixture
    {
        public Dictionary<string, int> MallIds { get; } = [];
        public Dictionary<string, int> ServiceIds { get; } = [];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
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
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await TestUsers.CreateAsync(users, Password,
                ("admin@uji.test", Roles.Administrator, (string?)null, (int?)null),
                ("deputi@uji.test", Roles.Ministry, null, null),
                ("bupati@uji.test", Roles.RegionalHead, "35.17", null),
                ("mpp@uji.test", Roles.MppAdmin, "35.17", MallIds["35.17"]));
        }
    }

    /// <summary>docs/method.md, Worked example, as a spreadsheet export would give it.</summary>
    private const string WorkedExample = """
        No;U1;U2;U3;U4;U5;U6;U7;U8;U9
        1;4;4;4;4;4;4;4;3;4
        2;4;3;3;4;4;4;4;4;3
        3;3;4;3;4;3;4;4;3;4
        4;3;3;2;4;3;3;3;3;1
        5;4;4;4;4;4;4;4;4;4
        6;4;3;3;4;4;3;4;2;4
        7;4;4;4;4;3;4;4;4;3
        8;3;3;3;4;4;4;4;3;4
        9;3;3;2;4;3;3;3;3;3
        10;4;4;3;4;4;4;4;3;4
        """;

    private async Task<HistoricImporter.Result> ImportAsync(string regency, string period, string fileName, byte[] content, bool scoreOnly = false)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HistoricImporter>().ImportAsync(
            new HistoricImporter.Request(app.MallIds[regency], period, app.ServiceIds[regency], fileName, content, "test", scoreOnly));
    }

    private async Task<int> RowsAsync(string regency, string period)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Responses.CountAsync(r => r.MallId == app.MallIds[regency] && r.PeriodCode == period);
    }

    private async Task<IndexResult> MallResultAsync(string regency, string period)
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        await new RecomputeIndices(db).RunAsync([period]);
        return await db.IndexResults.SingleAsync(r => r.UnitKind == UnitKind.Mall && r.UnitKey == regency && r.PeriodCode == period);
    }

    [Fact]
    public async Task An_imported_worked_example_becomes_ten_import_responses_scoring_88_61_A()
    {
        var result = await ImportAsync("35.17", "2023-S1", "skm-2023.csv", Encoding.UTF8.GetBytes(WorkedExample));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(10, result.Rows);
        await using (var scope = app.Scope())
        {
            var rows = await app.Db(scope).Responses.Where(r => r.MallId == app.MallIds["35.17"] && r.PeriodCode == "2023-S1").ToListAsync();
            Assert.Equal(10, rows.Count);
            Assert.All(rows, r => Assert.Equal(ResponseChannel.Import, r.Channel));
            Assert.Contains(rows, r => r.Scores.SequenceEqual(new short?[] { 3, 3, 2, 4, 3, 3, 3, 3, 1 }));
        }
        var stored = await MallResultAsync("35.17", "2023-S1");
        Assert.Equal(88.61m, stored.Converted);
        Assert.Equal("A", stored.Grade);
    }

    [Fact]
    public async Task A_bad_cell_rejects_the_file_naming_row_and_column_and_nothing_is_written()
    {
        var bad = WorkedExample.Replace("9;3;3;2;4;3;3;3;3;3", "9;3;3;2;4;7;3;3;3;3", StringComparison.Ordinal);

        var result = await ImportAsync("52.72", "2023-S1", "rusak.csv", Encoding.UTF8.GetBytes(bad));

        Assert.False(result.Succeeded);
        Assert.Equal("Import_OutOfRange", result.Error);
        Assert.Equal("7", result.Detail);
        Assert.Equal("U5", result.Column);
        Assert.Equal(10, result.Row);
        Assert.Equal(0, await RowsAsync("52.72", "2023-S1"));
    }

    [Fact]
    public async Task The_same_file_is_not_imported_twice_and_score_only_stores_nothing()
    {
        var content = Encoding.UTF8.GetBytes(WorkedExample + "\n11;1;1;1;1;1;1;1;1;1");
        var scored = await ImportAsync("52.72", "2022-S2", "lama.csv", content, scoreOnly: true);
        Assert.True(scored.Succeeded);
        Assert.Equal(0, await RowsAsync("52.72", "2022-S2"));

        var first = await ImportAsync("52.72", "2022-S2", "lama.csv", content);
        var again = await ImportAsync("52.72", "2022-S2", "lama-lagi.csv", content);

        Assert.True(first.Succeeded);
        Assert.Equal("Import_AlreadyImported", again.Error);
        Assert.Equal(11, await RowsAsync("52.72", "2022-S2"));
    }

    [Fact]
    public async Task A_published_period_takes_no_import()
    {
        Assert.True((await ImportAsync("52.72", "2021-S2", "pertama.csv", Encoding.UTF8.GetBytes(WorkedExample))).Succeeded);
        await using (var scope = app.Scope())
        {
            var db = app.Db(scope);
            var survey = await db.Surveys.SingleAsync(s => s.MallId == app.MallIds["52.72"] && s.PeriodCode == "2021-S2");
            survey.PublishedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        var second = await ImportAsync("52.72", "2021-S2", "kedua.csv", Encoding.UTF8.GetBytes(WorkedExample + "\n11;1;1;1;1;1;1;1;1;1"));

        Assert.Equal("Import_PeriodPublished", second.Error);
        Assert.Equal(10, await RowsAsync("52.72", "2021-S2"));
    }

    [Fact]
    public async Task An_exported_workbook_imported_into_another_MPP_gives_the_same_index()
    {
        Assert.True((await ImportAsync("35.17", "2024-S1", "asal.csv", Encoding.UTF8.GetBytes(WorkedExample + "\n11;2;;3;4;1;2;3;;2"))).Succeeded);
        var source = await MallResultAsync("35.17", "2024-S1");
        byte[] workbook;
        await using (var scope = app.Scope())
        {
            workbook = (await scope.ServiceProvider.GetRequiredService<WorkbookJob>().GenerateMallAsync("35.17", "2024-S1"))!;
        }

        var imported = await ImportAsync("52.72", "2024-S1", "IKM-35.17-2024-S1.xlsx", workbook);

        Assert.True(imported.Succeeded, imported.Error + " " + imported.Detail);
        var copy = await MallResultAsync("52.72", "2024-S1");
        Assert.Equal(source.Respondents, copy.Respondents);
        Assert.Equal(source.ElementAnswered, copy.ElementAnswered);
        Assert.Equal(source.ElementSums, copy.ElementSums);
        Assert.Equal(source.Converted, copy.Converted);
        Assert.Equal(source.Grade, copy.Grade);
    }

    [Fact]
    public async Task The_workbook_recomputes_the_stored_index_by_formula_and_caches_the_stored_value()
    {
        Assert.True((await ImportAsync("35.17", "2022-S2", "skm-2022.csv", Encoding.UTF8.GetBytes(WorkedExample + "\n11;2;;3;4;1;2;3;;2"))).Succeeded);
        var stored = await MallResultAsync("35.17", "2022-S2");
        byte[] file;
        await using (var scope = app.Scope())
        {
            file = (await scope.ServiceProvider.GetRequiredService<WorkbookJob>().GenerateMallAsync("35.17", "2022-S2"))!;
        }

        // The auditor's cell: the IKM konversi row of Pengolahan Data is a formula over the rows above, and
        // the value saved with it (what a viewer that does not calculate shows) is the stored result.
        using var workbook = new XLWorkbook(new MemoryStream(file));
        var sheet = workbook.Worksheet(MppSurvey.Core.Scoring.PengolahanLayout.SheetName);
        var label = sheet.Column(1).CellsUsed().Single(c => c.GetString() == MppSurvey.Core.Scoring.PengolahanLayout.IndexRowLabel);
        var index = sheet.Cell(label.Address.RowNumber, 2);
        Assert.True(index.HasFormula);
        Assert.StartsWith("ROUND(", index.FormulaA1.TrimStart('='), StringComparison.Ordinal);
        Assert.Equal(stored.Converted, Convert.ToDecimal(index.CachedValue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(stored.Converted, (decimal)index.GetDouble()); // and recomputed from the rows, the same
        Assert.Equal(stored.Grade, sheet.Cell(label.Address.RowNumber + 1, 2).GetString());
    }

    private static MultipartFormDataContent Upload(string token, string period, string fileName, byte[] content, string? regency = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(period), "PeriodCode" },
        };
        if (regency is not null)
        {
            form.Add(new StringContent(regency), "RegencyCode");
        }
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", fileName);
        return form;
    }

    [Fact]
    public async Task An_MPP_admin_imports_into_their_own_MPP_whatever_the_form_says()
    {
        var client = await LoginClient.SignedInAsync(app, "mpp@uji.test", Password);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Import");

        var response = await client.PostAsync("/Admin/Import", Upload(token, "2022-S1", "skm.csv", Encoding.UTF8.GetBytes(WorkedExample), regency: "52.72"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("10 respons telah diimpor.", html);
        Assert.Contains("88,61", html); // Indonesian decimal comma on the page
        Assert.Equal(10, await RowsAsync("35.17", "2022-S1"));
        Assert.Equal(0, await RowsAsync("52.72", "2022-S1"));
    }

    [Fact]
    public async Task A_bad_upload_gets_a_message_beside_the_file_field_in_the_users_language()
    {
        var client = await LoginClient.SignedInAsync(app, "admin@uji.test", Password);
        var token = await LoginClient.AntiforgeryTokenAsync(client, "/Admin/Import?culture=en");
        var bad = WorkedExample.Replace("U4;", "X4;", StringComparison.Ordinal);

        var response = await client.PostAsync("/Admin/Import?culture=en", Upload(token, "2021-S1", "skm.csv", Encoding.UTF8.GetBytes(bad), regency: "52.72"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"file-error\">The header row (row 1) has no column U4.</span>", html, StringComparison.Ordinal);
        Assert.Equal(0, await RowsAsync("52.72", "2021-S1"));
    }

    [Theory]
    [InlineData("bupati@uji.test")]
    [InlineData("deputi@uji.test")]
    public async Task Users_without_an_admin_role_cannot_reach_the_import_page(string email)
    {
        var client = await LoginClient.SignedInAsync(app, email, Password);

        var response = await client.GetAsync("/Admin/Import");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "/laporan/35.17/2023-S2.xlsx", HttpStatusCode.Unauthorized)]
    [InlineData("bupati@uji.test", "/laporan/35.17/2023-S2.xlsx", HttpStatusCode.OK)]
    [InlineData("bupati@uji.test", "/laporan/52.72/2023-S2.xlsx", HttpStatusCode.Forbidden)]
    [InlineData("bupati@uji.test", "/laporan/nasional/2023-S2.xlsx", HttpStatusCode.Forbidden)]
    [InlineData("mpp@uji.test", "/laporan/35.17/2023-S2.xlsx", HttpStatusCode.OK)]
    [InlineData("mpp@uji.test", "/laporan/52.72/2023-S2.xlsx", HttpStatusCode.Forbidden)]
    [InlineData("deputi@uji.test", "/laporan/35.17/2023-S2.xlsx", HttpStatusCode.OK)]
    [InlineData("deputi@uji.test", "/laporan/nasional/2023-S2.xlsx", HttpStatusCode.OK)]
    [InlineData("admin@uji.test", "/laporan/nasional/2023-S2.xlsx", HttpStatusCode.OK)]
    public async Task Workbook_downloads_are_scoped_to_the_users_region(string? email, string path, HttpStatusCode expected)
    {
        await EnsureJombangResultsAsync();
        var client = email is null ? LoginClient.Anonymous(app) : await LoginClient.SignedInAsync(app, email, Password);

        var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
            using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
            Assert.NotEmpty(workbook.Worksheets);
        }
        else
        {
            Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_reports_page_lists_the_regional_heads_own_MPP_only_and_the_national_workbook_for_the_ministry()
    {
        await EnsureJombangResultsAsync();
        Assert.True((await ImportAsync("52.72", "2023-S2", "bima.csv", Encoding.UTF8.GetBytes(WorkedExample))).Succeeded);
        await MallResultAsync("52.72", "2023-S2");

        var head = await (await LoginClient.SignedInAsync(app, "bupati@uji.test", Password)).GetStringAsync("/laporan");
        var deputy = await (await LoginClient.SignedInAsync(app, "deputi@uji.test", Password)).GetStringAsync("/laporan");

        Assert.Contains("/laporan/35.17/2023-S2.xlsx", head);
        Assert.DoesNotContain("/laporan/52.72/", head);
        Assert.DoesNotContain("/laporan/nasional/", head);
        Assert.Contains("/laporan/52.72/", deputy);
        Assert.Contains("/laporan/nasional/", deputy);
    }

    private async Task EnsureJombangResultsAsync()
    {
        if (await RowsAsync("35.17", "2023-S2") == 0)
        {
            Assert.True((await ImportAsync("35.17", "2023-S2", "skm-2023.csv", Encoding.UTF8.GetBytes(WorkedExample))).Succeeded);
        }
        await MallResultAsync("35.17", "2023-S2");
    }
}
