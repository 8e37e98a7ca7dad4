using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Dashboards;

/// <summary>
/// The ministry's tile map of the provinces (capability: province comparison) on the demo data with the
/// index job run: 38 tiles, each province's value the pooled index of its MPPs' stored figures worked
/// by hand, each tile opening exactly that province's MPPs, and hostile <c>provinsi</c> values answered
/// with a message, never an error page.
/// </summary>
public sealed partial class ProvinceMapTests(ProvinceMapTests.Fixture app) : IClassFixture<ProvinceMapTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override double? DemoScale => DemoAppFixture.Scale;

        /// <summary>The latest demo period with results.</summary>
        public string PeriodCode { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            // The demo's own index run (queued at start-up) writes the same rows: let it finish first.
            await WaitForJobsIdleAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var periods = await db.Periods.Select(p => p.Code).ToListAsync();
            await new RecomputeIndices(db).RunAsync([.. periods]);
            PeriodCode = periods.OrderByDescending(p => Period.Parse(p).StartsOn).First();
        }
    }

    [GeneratedRegex("<a class=\"tile (tile-band-\\d|tile-none)\" href=\"([^\"]+)\"\\s+aria-label=\"([^\"]*)\" title=\"[^\"]*\" data-province=\"(\\d+)\" data-ikm=\"([0-9.]*)\"")]
    private static partial Regex TileLink();

    [GeneratedRegex("<tr data-regency=\"([0-9.]+)\">")]
    private static partial Regex MallRow();

    private Task<HttpClient> MinistryAsync() => LoginClient.SignedInAsync(app, "kementerian@mppsurvey.test", DemoSeeder.Password);

    private static Dictionary<string, (string Band, string Href, string Label, string Ikm)> Tiles(string html) =>
        TileLink().Matches(html).ToDictionary(m => m.Groups[4].Value,
            m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value), WebUtility.HtmlDecode(m.Groups[3].Value), m.Groups[5].Value));

    /// <summary>
    /// docs/method.md, pooling above the MPP: add the MPPs' per-element sums and answer counts, take each
    /// element's mean (NRR), average the nine, times 25, rounded to two decimals half away from zero.
    /// </summary>
    private static decimal Pooled(IReadOnlyList<IndexResult> malls)
    {
        var nrr = Enumerable.Range(0, 9).Select(e =>
            (decimal)malls.Sum(m => m.ElementSums[e]) / malls.Sum(m => m.ElementAnswered[e])).ToList();
        return Math.Round(nrr.Average() * 25, 2, MidpointRounding.AwayFromZero);
    }

    private async Task<List<IndexResult>> StoredMallsAsync(string province)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).IndexResults.AsNoTracking()
            .Where(r => r.PeriodCode == app.PeriodCode && r.TemplateCode == "skm" && r.UnitKind == UnitKind.Mall && r.ProvinceCode == province)
            .OrderBy(r => r.UnitKey).ToListAsync();
    }

    [Fact]
    public async Task The_map_has_a_tile_per_province_coloured_and_labelled_by_the_pooled_index_worked_by_hand()
    {
        var client = await MinistryAsync();

        var html = await client.GetStringAsync($"/kementerian?periode={app.PeriodCode}");

        var tiles = Tiles(html);
        Assert.Equal(38, tiles.Count);
        await using (var scope = app.Scope())
        {
            Assert.Equal(await app.Db(scope).Provinces.Select(p => p.Code).OrderBy(c => c).ToListAsync(), tiles.Keys.Order(StringComparer.Ordinal));
        }

        // Jawa Timur has three demo MPPs (Jombang, Mojokerto, Banyuwangi).
        var jatim = await StoredMallsAsync("35");
        Assert.Equal(["35.10", "35.16", "35.17"], jatim.Select(m => m.UnitKey));
        var expected = Pooled(jatim);
        var tile = tiles["35"];
        Assert.Equal(expected.ToString("0.00", CultureInfo.InvariantCulture), tile.Ikm);
        var band = expected < 65m ? 1 : expected <= 76.60m ? 2 : expected <= 82.50m ? 3 : expected <= 88.30m ? 4 : 5;
        Assert.Equal("tile-band-" + band, tile.Band);
        // The accessible name: the tile's visible text first (WCAG 2.5.3, label in name), then the
        // province, IKM, grade and number of MPPs.
        var shown = expected.ToString("0.00", CultureInfo.GetCultureInfo("id-ID"));
        var grade = expected >= 88.31m ? "A" : expected >= 76.61m ? "B" : expected >= 65m ? "C" : "D";
        Assert.Equal($"35 JATIM {shown}: Jawa Timur, IKM {shown}, mutu {grade}, 3 MPP", tile.Label);

        // A province without an MPP is grey and says so, in its tile and its accessible name.
        Assert.Equal("tile-none", tiles["95"].Band);
        Assert.Equal("", tiles["95"].Ikm);
        Assert.Contains("tidak ada data", tiles["95"].Label);

        // Every tile of a province with MPP results shows that province's pooled index.
        foreach (var province in tiles.Where(t => t.Value.Band != "tile-none").Select(t => t.Key))
        {
            Assert.Equal(Pooled(await StoredMallsAsync(province)).ToString("0.00", CultureInfo.InvariantCulture), tiles[province].Ikm);
        }
        await using (var scope = app.Scope())
        {
            var withResults = await app.Db(scope).IndexResults.Where(r => r.PeriodCode == app.PeriodCode && r.TemplateCode == "skm" && r.UnitKind == UnitKind.Mall)
                .Select(r => r.ProvinceCode).Distinct().CountAsync();
            Assert.Equal(withResults, tiles.Count(t => t.Value.Band != "tile-none"));
        }
    }

    [Fact]
    public async Task A_tile_link_lists_exactly_that_provinces_MPPs()
    {
        var client = await MinistryAsync();
        var tiles = Tiles(await client.GetStringAsync($"/kementerian?periode={app.PeriodCode}"));

        var html = await client.GetStringAsync(tiles["35"].Href);

        var listed = MallRow().Matches(html[html.IndexOf("id=\"malls\"", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal((await StoredMallsAsync("35")).Select(m => m.UnitKey), listed);
        Assert.Contains("id=\"province-shown\"", html);
        Assert.DoesNotContain("id=\"provinsi-error\"", html);

        // A province without MPPs: an empty table that says why.
        var empty = await client.GetStringAsync(tiles["95"].Href);
        Assert.Empty(MallRow().Matches(empty));
        Assert.Contains("Belum ada MPP dengan hasil di Papua Pegunungan", empty);
    }

    public static TheoryData<string> HostileProvinces() => new()
    {
        "99",
        "<script>alert(1)</script>",
        new string('3', 4000),
        "\uFF13\uFF15", // full-width "35"
        "35\u200B",
        "3\u0335",
        "35' OR '1'='1",
        "\uD83C\uDDEE\uD83C\uDDE9",
    };

    [Theory]
    [MemberData(nameof(HostileProvinces))]
    public async Task A_province_code_that_is_not_a_province_gets_a_message_and_the_whole_table(string provinsi)
    {
        var client = await MinistryAsync();

        var response = await client.GetAsync($"/kementerian?periode={app.PeriodCode}&provinsi={Uri.EscapeDataString(provinsi)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"provinsi-error\"", html);
        Assert.Contains("Kode provinsi itu tidak dikenal", html);
        Assert.DoesNotContain("<script>alert", html);
        int stored;
        await using (var scope = app.Scope())
        {
            stored = await app.Db(scope).IndexResults.CountAsync(r => r.PeriodCode == app.PeriodCode && r.TemplateCode == "skm" && r.UnitKind == UnitKind.Mall);
        }
        Assert.Equal(stored, MallRow().Matches(html).Count);
        Assert.Equal(38, TileLink().Matches(html).Count);
    }

    [Theory]
    [InlineData("bupati.jombang@mppsurvey.test")]
    public async Task Only_the_ministry_and_administrators_see_the_map(string email)
    {
        var anonymous = await LoginClient.Anonymous(app).GetAsync($"/kementerian?periode={app.PeriodCode}&provinsi=35");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var regent = await (await LoginClient.SignedInAsync(app, email, DemoSeeder.Password)).GetAsync($"/kementerian?periode={app.PeriodCode}&provinsi=35");
        Assert.NotEqual(HttpStatusCode.OK, regent.StatusCode);
        Assert.DoesNotContain("province-map", await regent.Content.ReadAsStringAsync());

        var admin = await (await LoginClient.SignedInAsync(app, "admin@mppsurvey.test", DemoSeeder.Password)).GetStringAsync($"/kementerian?periode={app.PeriodCode}");
        Assert.Equal(38, TileLink().Matches(admin).Count);
    }

    [Fact]
    public async Task The_national_workbook_has_the_funnel_picture_and_the_pages_province_figures()
    {
        var client = await MinistryAsync();
        var html = await client.GetStringAsync($"/kementerian?periode={app.PeriodCode}");
        var pageProvinces = ProvinceRow().Matches(html).ToDictionary(m => m.Groups[1].Value,
            m => (Malls: m.Groups[2].Value, Ikm: m.Groups[3].Value, Respondents: m.Groups[4].Value));

        NationalWorkbookData data;
        await using (var scope = app.Scope())
        {
            data = (await new NationalWorkbookLoader(app.Db(scope)).LoadAsync(app.PeriodCode))!;
        }
        using var stream = new MemoryStream();
        NationalWorkbook.Write(data, stream);
        stream.Position = 0;

        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, isEditable: false))
        {
            var workbookPart = document.WorkbookPart!;
            var sheet = workbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == "Funnel Plot");
            var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
            var image = Assert.Single(part.DrawingsPart!.ImageParts);
            // Described for screen readers, anchored at the top of the sheet.
            var shape = Assert.Single(part.DrawingsPart.WorksheetDrawing!.Descendants<DocumentFormat.OpenXml.Drawing.Spreadsheet.Shape>());
            Assert.StartsWith("Funnel plot IKM konversi per MPP", shape.NonVisualShapeProperties!.NonVisualDrawingProperties!.Description!.Value);
            Assert.Equal("image/png", image.ContentType);
            using var png = image.GetStream();
            var header = new byte[8];
            Assert.Equal(8, png.Read(header));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }

        stream.Position = 0;
        using var workbook = new ClosedXML.Excel.XLWorkbook(stream);
        var provinces = workbook.Worksheet("Per Provinsi");
        var id = CultureInfo.GetCultureInfo("id-ID");
        var rows = provinces.RowsUsed().Where(r => r.RowNumber() > NationalWorkbook.HeaderRow && r.Cell(1).GetString().Length > 0
            && r.Cell(3).DataType == ClosedXML.Excel.XLDataType.Number).ToList();
        Assert.Equal(pageProvinces.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Cell(1).GetString()).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            var page = pageProvinces[row.Cell(1).GetString()];
            Assert.Equal(page.Malls, row.Cell(3).GetDouble().ToString("N0", id));
            Assert.Equal(page.Respondents, row.Cell(4).GetDouble().ToString("N0", id));
            Assert.Equal(page.Ikm, row.Cell(5).GetDouble().ToString("0.00", id));
        }

        // The funnel sheet lists every plotted MPP with the page's position.
        var funnel = workbook.Worksheet("Funnel Plot");
        Assert.Equal(Regex.Matches(html, "<a class=\"point\"").Count,
            funnel.RowsUsed().Count(r => r.RowNumber() > NationalFunnelSheet.HeaderRow && r.Cell(4).DataType == ClosedXML.Excel.XLDataType.Number));
    }

    [GeneratedRegex("<tr data-province=\"(\\d+)\"><th scope=\"row\">[^<]*</th><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td></tr>")]
    private static partial Regex ProvinceRow();
}
