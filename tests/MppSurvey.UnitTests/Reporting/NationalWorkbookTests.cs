using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using static MppSurvey.UnitTests.Reporting.WorkbookSamples;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>The ministry's national workbook.</summary>
public class NationalWorkbookTests
{
    private static readonly IReadOnlyList<ElementTally> Example = TalliesOf(ExampleRows());

    /// <summary>All answers 3 from <paramref name="n"/> respondents: IKM konversi 75.00 (C).</summary>
    private static IReadOnlyList<ElementTally> AllThrees(long n) => SkmElements.Codes.Select(c => new ElementTally(c, n, 3 * n)).ToList();

    private static NationalWorkbookData Sample() => new("2025-S2",
    [
        new NationalMallRow("12", "Sumatera Utara", "12.71", "Kota Medan", "MPP Kota Medan", 300, AllThrees(300), 384, new IndexInterval(74.1, 75.9),
            new PeriodComparison("2025-S1", 78.2m, ChangeVerdict.SignificantFall, 0.001), FunnelPosition.FarBelow),
        new NationalMallRow("11", "Aceh", "11.10", "Kab. Aceh Singkil", "MPP Aceh Singkil", 10, Example, 80, new IndexInterval(81.6989642250, 95.5232579973),
            null, FunnelPosition.Within),
        new NationalMallRow("11", "Aceh", "11.05", "Kab. Aceh Barat", "MPP Aceh Barat", 10, Example, null, null,
            new PeriodComparison("2025-S1", 85.004m, ChangeVerdict.SignificantRise, 0.02), FunnelPosition.Above),
        new NationalMallRow("12", "Sumatera Utara", "12.01", "Kab. Nias", "MPP Nias", 0, [], 50, null, null, null),
    ]);

    [Fact]
    public void Sheets_and_headers_exist()
    {
        using var workbook = Open(WriteNational(Sample()));

        Assert.Equal(["Seluruh MPP", "Per Provinsi", "Keterangan"], workbook.Worksheets.Select(s => s.Name));
        Assert.Equal(["Kode provinsi", "Provinsi", "Kode kab/kota", "Kabupaten/Kota", "Mal Pelayanan Publik", "Responden", "Sampel minimal", "Kecukupan sampel", "IKM konversi", "Mutu", "Kinerja",
                "Batas bawah SK 95%", "Batas atas SK 95%", "IKM konversi periode sebelumnya", "Perubahan (poin)", "Perubahan terhadap periode sebelumnya", "Nilai p", "Posisi pada funnel plot"],
            Enumerable.Range(1, 18).Select(c => workbook.Worksheet("Seluruh MPP").Cell(4, c).GetString()));
        Assert.Equal(["Kode provinsi", "Provinsi", "Jumlah MPP", "Responden", "IKM konversi (gabungan responden)", "Mutu", "Kinerja", "MPP mutu A", "MPP mutu B", "MPP mutu C", "MPP mutu D",
                "MPP naik signifikan", "MPP turun signifikan", "MPP di atas batas 95%", "MPP di bawah batas 95%"],
            Enumerable.Range(1, 15).Select(c => workbook.Worksheet("Per Provinsi").Cell(4, c).GetString()));
    }

    [Fact]
    public void Every_mpp_is_one_row_in_region_order_with_codes_kept_as_text()
    {
        var file = WriteNational(Sample());
        using var workbook = Open(file);
        var sheet = workbook.Worksheet("Seluruh MPP");

        Assert.Equal(["11.05", "11.10", "12.01", "12.71"], Enumerable.Range(5, 4).Select(r => sheet.Cell(r, 3).GetString()));
        using var package = new XlsxPackage(file);
        Assert.Equal("s", (string?)package.Cell("Seluruh MPP", "C6").Attribute("t")); // "11.10", not the number 11.1

        var barat = sheet.Row(5);
        Assert.Equal(("MPP Aceh Barat", 10.0, 88.61, "A", "Sangat Baik"), (barat.Cell(5).GetString(), barat.Cell(6).GetDouble(), barat.Cell(9).GetDouble(), barat.Cell(10).GetString(), barat.Cell(11).GetString()));
        Assert.Equal((85.00, 3.61, "Naik secara signifikan", 0.02), (barat.Cell(14).GetDouble(), Math.Round(barat.Cell(15).GetDouble(), 10), barat.Cell(16).GetString(), barat.Cell(17).GetDouble()));
        Assert.Equal("Di atas batas 95%", barat.Cell(18).GetString());
        Assert.True(barat.Cell(7).IsEmpty() && barat.Cell(12).IsEmpty());

        var singkil = sheet.Row(6);
        Assert.Equal((80.0, "Kurang 70 responden (indeks tetap dihitung)", 81.698964225, "Tidak berbeda signifikan dari acuan"),
            (singkil.Cell(7).GetDouble(), singkil.Cell(8).GetString(), singkil.Cell(12).GetDouble(), singkil.Cell(18).GetString()));
        Assert.True(singkil.Cell(16).IsEmpty());

        Assert.Equal("Belum ada jawaban", sheet.Row(7).Cell(9).GetString());
        var medan = sheet.Row(8);
        Assert.Equal((75.0, "C", "Kurang Baik", "Turun secara signifikan", "Di bawah batas 99,8%"),
            (medan.Cell(9).GetDouble(), medan.Cell(10).GetString(), medan.Cell(11).GetString(), medan.Cell(16).GetString(), medan.Cell(18).GetString()));
        Assert.Equal(-3.2, medan.Cell(15).GetDouble(), 10);
    }

    [Fact]
    public void Provinces_and_the_nation_pool_their_respondents_rather_than_average_their_mpps()
    {
        using var workbook = Open(WriteNational(Sample()));
        var sheet = workbook.Worksheet("Per Provinsi");

        var aceh = sheet.Row(5);
        Assert.Equal(("11", "Aceh", 2.0, 20.0, 88.61, "A", 2.0), (aceh.Cell(1).GetString(), aceh.Cell(2).GetString(), aceh.Cell(3).GetDouble(), aceh.Cell(4).GetDouble(), aceh.Cell(5).GetDouble(), aceh.Cell(6).GetString(), aceh.Cell(8).GetDouble()));
        Assert.Equal((1.0, 0.0, 1.0, 0.0), (aceh.Cell(12).GetDouble(), aceh.Cell(13).GetDouble(), aceh.Cell(14).GetDouble(), aceh.Cell(15).GetDouble()));

        // Sumatera Utara: Medan (300 x all 3) and Nias (nobody) -> 75.00, C.
        var sumut = sheet.Row(6);
        Assert.Equal(("12", 2.0, 300.0, 75.0, 1.0, 1.0, 1.0), (sumut.Cell(1).GetString(), sumut.Cell(3).GetDouble(), sumut.Cell(4).GetDouble(), sumut.Cell(5).GetDouble(), sumut.Cell(10).GetDouble(), sumut.Cell(13).GetDouble(), sumut.Cell(15).GetDouble()));

        // The nation pools 320 respondents: much nearer Medan's 75 than the mean of the three indices.
        var nation = sheet.Row(7);
        var pooled = IndexCalculator.Skm(SkmElements.Codes.Select((c, i) => new ElementTally(c, 320, 900 + 2 * Example[i].Sum)));
        var meanOfMalls = Grading.Round((88.6111111m + 88.6111111m + 75m) / 3);
        Assert.Equal(("Nasional", 4.0, 320.0), (nation.Cell(2).GetString(), nation.Cell(3).GetDouble(), nation.Cell(4).GetDouble()));
        Assert.Equal((double)pooled.ConvertedRounded, nation.Cell(5).GetDouble());
        Assert.NotEqual((double)meanOfMalls, nation.Cell(5).GetDouble());
        Assert.Equal(75.85, nation.Cell(5).GetDouble());
    }

    [Fact]
    public void The_notes_say_how_indices_are_pooled_and_weighted()
    {
        using var workbook = Open(WriteNational(Sample()));

        foreach (var sheet in workbook.Worksheets)
        {
            Assert.Contains(sheet.CellsUsed(), c => c.GetString() == WorkbookText.PoolingNote);
            Assert.Contains(sheet.CellsUsed(), c => c.GetString() == WorkbookText.WeightNote);
        }

        var notes = workbook.Worksheet("Keterangan");
        Assert.Contains(notes.CellsUsed(), c => c.GetString() == "Nilai persepsi");
        Assert.Contains(notes.CellsUsed(), c => c.GetString() == WorkbookText.Get("Note_Funnel"));
        Assert.Contains(notes.CellsUsed(), c => c.GetString() == WorkbookText.Get("Note_Method"));
        Assert.Contains("/metode#over-dispersion", WorkbookText.Get("Note_Funnel"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sheet_prints_legibly_and_the_wide_table_is_split_by_columns_rather_than_shrunk()
    {
        var sheets = WorkbookPrintTests.AssertPrintable(WriteNational(Sample()), "seluruh MPP", "Periode 2025-S2",
            new Dictionary<string, int> { ["Seluruh MPP"] = 4, ["Per Provinsi"] = 4, ["Keterangan"] = 1 });

        // 18 columns, 296 width units: fitted to a page they would print at about 5.7 pt; at 73%, 8 pt, two
        // pages wide, each page starting with the region and MPP columns.
        var all = sheets.Single(s => s.Name == "Seluruh MPP");
        Assert.Equal(("landscape", false, 73), (all.Orientation, all.FitToWidth, all.Scale));
        Assert.Contains("$A:$E", all.PrintTitles, StringComparison.Ordinal);
        Assert.True(sheets.Single(s => s.Name == "Per Provinsi").FitToWidth);
    }

    [Fact]
    public void The_package_is_valid_against_the_office_schema()
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(WriteNational(Sample())), false);

        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document));
    }

    [Fact]
    public void An_empty_period_gives_an_empty_table()
    {
        using var workbook = Open(WriteNational(new NationalWorkbookData("2025-S2", [])));

        Assert.Equal("Belum ada jawaban", workbook.Worksheet("Seluruh MPP").Cell(5, 1).GetString());
        Assert.Equal("Nasional", workbook.Worksheet("Per Provinsi").Cell(5, 2).GetString());
    }
}
