using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using static MppSurvey.UnitTests.Reporting.WorkbookSamples;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>The regional head's workbook, reopened with ClosedXML and read as raw sheet XML.</summary>
public class MallWorkbookTests
{
    private static readonly string[] SheetNames =
        ["Ringkasan", PengolahanLayout.SheetName, "Per Unsur", "Per Layanan", "Tren", "Profil Responden", "Saran", "Tindak Lanjut", "Suara Warga"];

    [Fact]
    public void All_sheets_exist_in_order_with_their_headers()
    {
        using var workbook = Open(WriteMall(Example()));

        Assert.Equal(SheetNames, workbook.Worksheets.Select(s => s.Name));
        var pengolahan = workbook.Worksheet(PengolahanLayout.SheetName);
        Assert.Equal([PengolahanLayout.NumberHeader, .. PengolahanLayout.ElementHeaders], Enumerable.Range(1, 10).Select(c => pengolahan.Cell(5, c).GetString()));
        Assert.Equal("Mal Pelayanan Publik", workbook.Worksheet("Ringkasan").Cell(4, 1).GetString());
        Assert.Equal(["Kode", "Unsur pelayanan", "Responden yang menjawab", "Jumlah nilai", "NRR"], Enumerable.Range(1, 5).Select(c => workbook.Worksheet("Per Unsur").Cell(3, c).GetString()));
        Assert.Equal(["Instansi", "Layanan", "Responden", "Sampel minimal", "Kecukupan sampel", "IKM konversi"], Enumerable.Range(1, 6).Select(c => workbook.Worksheet("Per Layanan").Cell(4, c).GetString()));
        Assert.Equal(["Periode", "IKM konversi", "Mutu", "Batas bawah SK 95%", "Batas atas SK 95%", "Responden"], Enumerable.Range(1, 6).Select(c => workbook.Worksheet("Tren").Cell(4, c).GetString()));
        Assert.Equal(["Kategori", "Jumlah", "Persentase"], Enumerable.Range(1, 3).Select(c => workbook.Worksheet("Profil Responden").Cell(4, c).GetString()));
        Assert.Equal(["No.", "Tanggal", "Layanan", "Saran"], Enumerable.Range(1, 4).Select(c => workbook.Worksheet("Saran").Cell(3, c).GetString()));
        Assert.Equal(["Kode", "Unsur pelayanan", "NRR x 25", "Peringkat terendah", "Rencana aksi", "Waktu pelaksanaan", "Penanggung jawab", "Status", "Catatan bukti"],
            Enumerable.Range(1, 9).Select(c => workbook.Worksheet("Tindak Lanjut").Cell(4, c).GetString()));
    }

    [Fact]
    public void Pengolahan_data_of_the_worked_example_shows_the_sums_nrrs_and_88_61()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet(PengolahanLayout.SheetName);

        // Respondents are numbers in rows 6..15 (R4: 3 3 2 4 3 3 3 3 1).
        Assert.Equal(4, sheet.Cell(9, 1).GetDouble());
        Assert.Equal([3, 3, 2, 4, 3, 3, 3, 3, 1], Enumerable.Range(2, 9).Select(c => sheet.Cell(9, c).GetDouble()));
        Assert.Equal(XLDataType.Number, sheet.Cell(9, 2).DataType);

        var sums = RowLabelled(sheet, PengolahanLayout.SumRowLabel);
        Assert.Equal(16, sums.RowNumber()); // directly below the last respondent
        Assert.Equal([36, 35, 31, 40, 36, 37, 38, 32, 34], Enumerable.Range(2, 9).Select(c => sums.Cell(c).GetDouble()));
        Assert.Equal(319, sums.Cell(11).GetDouble());
        Assert.Equal(Enumerable.Repeat(10.0, 9), Enumerable.Range(2, 9).Select(c => RowLabelled(sheet, "Jumlah responden yang menjawab").Cell(c).GetDouble()));

        var nrr = RowLabelled(sheet, PengolahanLayout.NrrRowLabel);
        Assert.Equal([3.6, 3.5, 3.1, 4.0, 3.6, 3.7, 3.8, 3.2, 3.4], Enumerable.Range(2, 9).Select(c => nrr.Cell(c).GetDouble()));
        Assert.Equal("[$-421]0.000", nrr.Cell(2).Style.NumberFormat.Format);

        var weighted = RowLabelled(sheet, PengolahanLayout.WeightedNrrRowLabel);
        double[] expectedWeighted = [3.6 / 9, 3.5 / 9, 3.1 / 9, 4.0 / 9, 3.6 / 9, 3.7 / 9, 3.8 / 9, 3.2 / 9, 3.4 / 9];
        Assert.All(Enumerable.Range(0, 9), i => Assert.Equal(expectedWeighted[i], weighted.Cell(i + 2).GetDouble(), 12));
        Assert.Equal(31.9 / 9, weighted.Cell(11).GetDouble(), 12); // their sum, the IKM 3.5444

        var index = RowLabelled(sheet, PengolahanLayout.IndexRowLabel).Cell(2);
        Assert.Equal(88.61, index.GetDouble()); // stored rounded (§2 step 5), so the value itself is 88.61
        Assert.Equal("[$-421]0.00", index.Style.NumberFormat.Format);
        var grade = RowLabelled(sheet, "Mutu pelayanan");
        Assert.Equal(("A", "Sangat Baik"), (grade.Cell(2).GetString(), grade.Cell(3).GetString()));
        Assert.True(index.HasFormula); // recomputable by an auditor (PengolahanFormulaTests)
    }

    [Fact]
    public void Pengolahan_data_has_the_legend_and_the_grade_table()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet(PengolahanLayout.SheetName);

        var legend = RowLabelled(sheet, "Keterangan unsur").RowNumber();
        Assert.Equal(SkmElements.Codes, Enumerable.Range(legend + 1, 9).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.Equal(SkmElements.Codes.Select(c => ScoringText.ElementName(c, ScoringText.Indonesian)), Enumerable.Range(legend + 1, 9).Select(r => sheet.Cell(r, 2).GetString()));
        Assert.Equal("Penanganan Pengaduan, Saran dan Masukan", sheet.Cell(legend + 8, 2).GetString()); // U8 is complaints, whatever the questionnaire order

        var table = RowLabelled(sheet, "Nilai persepsi").RowNumber();
        var gradeA = sheet.Row(table + 4);
        Assert.Equal((4.0, 3.5324, 4.0, 88.31, 100.0, "A", "Sangat Baik"),
            (gradeA.Cell(1).GetDouble(), gradeA.Cell(2).GetDouble(), gradeA.Cell(3).GetDouble(), gradeA.Cell(4).GetDouble(), gradeA.Cell(5).GetDouble(), gradeA.Cell(6).GetString(), gradeA.Cell(7).GetString()));
        Assert.Equal((25.0, 64.99, "D"), (sheet.Row(table + 1).Cell(4).GetDouble(), sheet.Row(table + 1).Cell(5).GetDouble(), sheet.Row(table + 1).Cell(6).GetString()));
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == WorkbookText.WeightNote);
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == WorkbookText.PoolingNote);
    }

    [Fact]
    public void The_respondent_rows_written_into_the_sheet_xml_are_valid_and_in_row_order()
    {
        var file = WriteMall(Example(blankR10U4: true));

        using var document = SpreadsheetDocument.Open(new MemoryStream(file), false);
        var part = (WorksheetPart)document.WorkbookPart!.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == PengolahanLayout.SheetName).Id!);
        Assert.Empty(new OpenXmlValidator().Validate(part));
        var rows = part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Select(r => (int)r.RowIndex!.Value).ToList();
        Assert.Equal(rows.Order(), rows);
        Assert.Equal(rows.Distinct(), rows);
        Assert.Equal([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], rows.Take(15));
        var r10 = part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Single(r => r.RowIndex! == 15U);
        Assert.Equal(["A15", "B15", "C15", "D15", "F15", "G15", "H15", "I15", "J15", "K15"], r10.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.CellReference!.Value)); // no E15: blank, not 0
    }

    [Fact]
    public void A_blank_answer_is_an_empty_cell_and_left_out_of_its_element()
    {
        using var workbook = Open(WriteMall(Example(blankR10U4: true)));
        var sheet = workbook.Worksheet(PengolahanLayout.SheetName);

        Assert.True(sheet.Cell(15, 5).IsEmpty()); // R10, U4
        Assert.Equal(36, RowLabelled(sheet, PengolahanLayout.SumRowLabel).Cell(5).GetDouble());
        Assert.Equal(9, RowLabelled(sheet, "Jumlah responden yang menjawab").Cell(5).GetDouble());
        Assert.Equal(4.0, RowLabelled(sheet, PengolahanLayout.NrrRowLabel).Cell(5).GetDouble());
        Assert.Equal(88.61, RowLabelled(sheet, PengolahanLayout.IndexRowLabel).Cell(2).GetDouble()); // not the pooled-mean bug's 88.48
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_pengolahan_sheet_reads_back_through_ScoreFile_with_the_same_index(bool blankR10U4)
    {
        var data = Example(blankR10U4);
        var file = WriteMall(data);

        var rows = ScoreFile.ReadXlsx(new MemoryStream(file));

        Assert.Equal(10, rows.Count);
        Assert.Equal(6, rows[0].RowNumber);
        Assert.Equal(!blankR10U4, rows[9].Respondent.Answers.ContainsKey("U4"));
        var reread = IndexCalculator.Skm(rows.Select(r => r.Respondent));
        var written = IndexCalculator.Skm(data.Tallies);
        Assert.Equal(88.61m, reread.ConvertedRounded);
        Assert.Equal(written.Converted, reread.Converted);
        Assert.Equal(written.Elements.Select(e => (e.Answered, e.Sum)), reread.Elements.Select(e => (e.Answered, e.Sum)));
    }

    [Fact]
    public void Ringkasan_shows_the_headline_interval_change_and_weakest_elements()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet("Ringkasan");
        IXLCell Value(string label, int column = 2) => RowLabelled(sheet, label).Cell(column);

        Assert.Equal("MPP Kabupaten Contoh", Value("Mal Pelayanan Publik").GetString());
        Assert.Equal("2025-S2", Value("Periode").GetString());
        Assert.Equal(10, Value("Jumlah responden").GetDouble());
        Assert.Equal(12, Value("Sampel minimal (Krejcie & Morgan)").GetDouble());
        Assert.Equal("Kurang 2 responden (indeks tetap dihitung)", Value("Kecukupan sampel").GetString());
        Assert.Equal(31.9 / 9, Value("IKM (jumlah NRR tertimbang, skala 1-4)").GetDouble(), 12);
        Assert.Equal(88.61, Value("IKM konversi (IKM x 25)").GetDouble());
        Assert.Equal(XLDataType.Number, Value("IKM konversi (IKM x 25)").DataType);
        Assert.Equal("A", Value("Mutu pelayanan").GetString());
        Assert.Equal("Sangat Baik", Value("Kinerja unit pelayanan").GetString());
        Assert.Equal(81.6989642250, Value("Selang kepercayaan 95% (batas bawah, batas atas)").GetDouble(), 9);
        Assert.Equal(95.5232579973, Value("Selang kepercayaan 95% (batas bawah, batas atas)", 3).GetDouble(), 9);
        Assert.Equal("2025-S1", Value("Periode sebelumnya").GetString());
        Assert.Equal(85.00, Value("IKM konversi periode sebelumnya").GetDouble()); // 85.004 rounded for display
        Assert.Equal(3.61, Value("Perubahan (poin)").GetDouble(), 10);
        Assert.Equal("Naik secara signifikan", Value("Kesimpulan (uji statistik, alfa 0,05)").GetString());
        Assert.Equal(0.0123, Value("Nilai p").GetDouble());

        // §3: the follow-up priority is U3 (3.10), U8 (3.20), U9 (3.40).
        var lowest = RowLabelled(sheet, "Tiga unsur terendah (prioritas tindak lanjut)").RowNumber() + 2;
        Assert.Equal(["U3 Waktu Penyelesaian", "U8 Penanganan Pengaduan, Saran dan Masukan", "U9 Sarana dan Prasarana"], Enumerable.Range(lowest, 3).Select(r => sheet.Cell(r, 1).GetString()));
        Assert.Equal([3.1, 3.2, 3.4], Enumerable.Range(lowest, 3).Select(r => sheet.Cell(r, 2).GetDouble()));
        Assert.Equal([77.5, 80.0, 85.0], Enumerable.Range(lowest, 3).Select(r => sheet.Cell(r, 3).GetDouble()));

        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == WorkbookText.PoolingNote);
        // The notes point to the method in the repository and on the app's /metode page, not to a file outside the repository.
        var method = Assert.Single(sheet.CellsUsed(), c => c.GetString() == WorkbookText.Get("Note_Method")).GetString();
        Assert.Contains("docs/method.md", method, StringComparison.Ordinal);
        Assert.Contains("/metode", method, StringComparison.Ordinal);
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.GetString().Contains("skm-method", StringComparison.Ordinal));
        Assert.Contains(sheet.CellsUsed(), c => c.GetString() == WorkbookText.WeightNote);
        Assert.Contains("1/9", WorkbookText.WeightNote, StringComparison.Ordinal);
        Assert.Contains("bukan rata-rata", WorkbookText.PoolingNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sheet_has_explicit_column_widths()
    {
        using var workbook = Open(WriteMall(Example()));

        Assert.Equal(32, workbook.Worksheet(PengolahanLayout.SheetName).Column(1).Width);
        Assert.Equal(9, workbook.Worksheet(PengolahanLayout.SheetName).Column(2).Width);
        Assert.Equal(90, workbook.Worksheet("Saran").Column(4).Width);
        Assert.All(workbook.Worksheets, sheet => Assert.NotEqual(sheet.ColumnWidth, sheet.Column(1).Width));
    }

    [Fact]
    public void Per_unsur_lists_every_element_with_its_rank_among_the_lowest()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet("Per Unsur");

        var u3 = sheet.Row(6);
        Assert.Equal(("U3", "Waktu Penyelesaian", 10.0, 31.0, 3.1, 77.5, "B", "Baik", 1.0),
            (u3.Cell(1).GetString(), u3.Cell(2).GetString(), u3.Cell(3).GetDouble(), u3.Cell(4).GetDouble(), u3.Cell(5).GetDouble(), u3.Cell(7).GetDouble(), u3.Cell(8).GetString(), u3.Cell(9).GetString(), u3.Cell(10).GetDouble()));
        Assert.True(sheet.Row(4).Cell(10).IsEmpty()); // U1 is not among the lowest
        var total = sheet.Row(13);
        Assert.Equal(("IKM unit pelayanan", 88.61, "A"), (total.Cell(2).GetString(), total.Cell(7).GetDouble(), total.Cell(8).GetString()));
        Assert.Equal(31.9 / 9, total.Cell(6).GetDouble(), 12);
    }

    [Fact]
    public void Per_layanan_pools_an_agency_and_checks_each_sample()
    {
        var data = Example();
        using var workbook = Open(WriteMall(data));
        var sheet = workbook.Worksheet("Per Layanan");
        var rows = ExampleRows();

        var agency = sheet.Row(5);
        var pooled = IndexCalculator.Skm(TalliesOf(rows.Take(8)));
        var ktp = IndexCalculator.Skm(TalliesOf(rows.Take(6)));
        var akta = IndexCalculator.Skm(TalliesOf(rows.Skip(6).Take(2)));
        Assert.Equal(("Dinas Kependudukan dan Pencatatan Sipil", "Seluruh layanan instansi", 8.0), (agency.Cell(1).GetString(), agency.Cell(2).GetString(), agency.Cell(3).GetDouble()));
        Assert.Equal((double)pooled.ConvertedRounded, agency.Cell(6).GetDouble());
        Assert.NotEqual(Grading.Round((ktp.Converted + akta.Converted) / 2), pooled.ConvertedRounded); // pooled, not the mean of services

        Assert.Equal(("KTP elektronik", 6.0, 5.0, "Terpenuhi"), (sheet.Row(6).Cell(2).GetString(), sheet.Row(6).Cell(3).GetDouble(), sheet.Row(6).Cell(4).GetDouble(), sheet.Row(6).Cell(5).GetString()));
        Assert.Equal((double)ktp.ConvertedRounded, sheet.Row(6).Cell(6).GetDouble());
        Assert.Equal((double)ktp.Elements[2].ConvertedRounded!, sheet.Row(6).Cell(11).GetDouble()); // U3 x 25
        Assert.Equal("Kurang 8 responden (indeks tetap dihitung)", sheet.Row(7).Cell(5).GetString());
        Assert.Equal(("Kantor Pertanahan", 3.0, "Kurang 1 responden (indeks tetap dihitung)"), (sheet.Row(8).Cell(1).GetString(), sheet.Row(8).Cell(4).GetDouble(), sheet.Row(8).Cell(5).GetString()));
        Assert.Equal(("Roya", "Belum ada jawaban"), (sheet.Row(10).Cell(2).GetString(), sheet.Row(10).Cell(6).GetString()));
        Assert.True(sheet.Row(10).Cell(4).IsEmpty()); // no target: nothing, not 0
    }

    [Fact]
    public void Tren_lists_every_period_with_a_native_line_chart()
    {
        var file = WriteMall(Example());
        using (var workbook = Open(file))
        {
            var sheet = workbook.Worksheet("Tren");
            Assert.Equal(["2024-S2", "2025-S1", "2025-S2"], Enumerable.Range(5, 3).Select(r => sheet.Cell(r, 1).GetString()));
            Assert.Equal([83.13, 85.00, 88.61], Enumerable.Range(5, 3).Select(r => sheet.Cell(r, 2).GetDouble())); // 83.125 rounds half away from zero
            Assert.Equal(["B", "B", "A"], Enumerable.Range(5, 3).Select(r => sheet.Cell(r, 3).GetString()));
            Assert.Equal([150.0, 160.0, 10.0], Enumerable.Range(5, 3).Select(r => sheet.Cell(r, 6).GetDouble()));
            Assert.Equal(["", "Tidak ada perubahan signifikan", "Naik secara signifikan"], Enumerable.Range(5, 3).Select(r => sheet.Cell(r, 7).GetString()));
            var fit = TrendSlope.Fit([83.13, 85.00, 88.61]);
            Assert.Equal(fit.Slope, RowLabelled(sheet, "Perubahan per periode (poin)").Cell(5).GetDouble(), 10);
            Assert.Equal(fit.PValue, RowLabelled(sheet, "Nilai p").Cell(5).GetDouble(), 10);
        }

        using var package = new XlsxPackage(file);
        Assert.DoesNotContain(package.Xml(package.SheetPath("Tren")).Descendants(XlsxPackage.Main + "c"), c => (string?)c.Attribute("r") == "G5"); // no verdict: no cell, not ""
        var drawing = Assert.Single(package.RelatedParts(package.SheetPath("Tren"), "drawing"));
        var chart = Assert.Single(package.RelatedParts(drawing, "chart"));
        var chartXml = package.Xml(chart).ToString();
        Assert.Contains("lineChart", chartXml, StringComparison.Ordinal);
        Assert.Contains("'Tren'!$B$5:$B$7", chartXml, StringComparison.Ordinal);
        Assert.Contains("'Tren'!$A$5:$A$7", chartXml, StringComparison.Ordinal);
        Assert.Contains("83.13", chartXml, StringComparison.Ordinal); // cached values for viewers that do not recalculate

        // The parts we add by hand are valid against the schema, so Excel opens the file without a repair prompt.
        using var document = SpreadsheetDocument.Open(new MemoryStream(file), false);
        var validator = new OpenXmlValidator();
        var tren = document.WorkbookPart!.WorksheetParts.Single(p => p.DrawingsPart is not null);
        Assert.Empty(validator.Validate(tren.DrawingsPart!));
        Assert.Empty(validator.Validate(tren.DrawingsPart!.ChartParts.Single()));
        Assert.DoesNotContain(validator.Validate(tren), e => e.Node is DocumentFormat.OpenXml.Spreadsheet.Drawing || e.Description.Contains("drawing", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Profil_responden_counts_and_shares_each_group()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet("Profil Responden");

        Assert.Equal("Jenis kelamin", sheet.Cell(3, 1).GetString());
        Assert.Equal(("Laki-laki", 6.0, 0.6), (sheet.Cell(5, 1).GetString(), sheet.Cell(5, 2).GetDouble(), sheet.Cell(5, 3).GetDouble()));
        Assert.Equal("[$-421]0.0%", sheet.Cell(5, 3).Style.NumberFormat.Format);
        Assert.Equal(10, RowLabelled(sheet, "Jumlah").Cell(2).GetDouble());
        foreach (var group in new[] { "Kelompok umur", "Pendidikan terakhir", "Pekerjaan utama" })
        {
            Assert.Contains(sheet.Column(1).CellsUsed(), c => c.GetString() == group);
        }

        Assert.Contains(sheet.Column(1).CellsUsed(), c => c.GetString() == "Pelajar/Mahasiswa");
        Assert.Contains(sheet.Column(1).CellsUsed(), c => c.GetString() == "56+");
    }

    [Fact]
    public void A_formula_like_suggestion_is_stored_as_an_inert_string()
    {
        var file = WriteMall(Example());

        // Raw sheet XML: the cell is a shared string (t="s") with no <f> child, and its text is the visitor's.
        using var package = new XlsxPackage(file);
        var cell = package.Cell("Saran", "D5");
        Assert.Contains((string?)cell.Attribute("t"), new[] { "s", "inlineStr" });
        Assert.Empty(cell.Elements(XlsxPackage.Main + "f"));
        Assert.Equal(Injection, package.SharedString(int.Parse(cell.Element(XlsxPackage.Main + "v")!.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(package.Xml(package.SheetPath("Saran")).Descendants(XlsxPackage.Main + "f"), _ => true);

        using var workbook = Open(file);
        var read = workbook.Worksheet("Saran").Cell("D5");
        Assert.False(read.HasFormula);
        Assert.Equal(Injection, read.GetString());
        Assert.True(read.Style.IncludeQuotePrefix); // editing the cell in Excel keeps it text too
        Assert.Equal(new DateTime(2025, 8, 2), workbook.Worksheet("Saran").Cell("B5").GetDateTime());
        Assert.Equal("Akta kelahiran", workbook.Worksheet("Saran").Cell("C5").GetString());
    }

    [Theory]
    [InlineData("+62 812")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("=1+2")]
    [InlineData("0812")]
    [InlineData("2025-08-01")]
    [InlineData("TRUE")]
    public void Any_visitor_text_stays_exactly_that_text(string text)
    {
        var file = WriteMall(Example(suggestions: [new SuggestionRow(new DateOnly(2025, 9, 1), "KTP elektronik", text)]));

        using var package = new XlsxPackage(file);
        var cell = package.Cell("Saran", "D4");
        Assert.Equal("s", (string?)cell.Attribute("t"));
        Assert.Empty(cell.Elements(XlsxPackage.Main + "f"));
        using var workbook = Open(file);
        Assert.Equal(XLDataType.Text, workbook.Worksheet("Saran").Cell("D4").DataType);
        Assert.Equal(text, workbook.Worksheet("Saran").Cell("D4").GetString());
    }

    [Fact]
    public void A_phone_number_an_email_and_an_NIK_in_a_suggestion_are_masked_in_the_Saran_sheet()
    {
        const string text = "Antre lama, hubungi 0812-3456-7890 atau budi.s@mail.co.id, NIK 3201234567890123 terima kasih";
        var file = WriteMall(Example(suggestions: [new SuggestionRow(new DateOnly(2025, 9, 1), "KTP elektronik", text)]));

        using var workbook = Open(file);
        Assert.Equal("Antre lama, hubungi [disamarkan] atau [disamarkan], NIK [disamarkan] terima kasih",
            workbook.Worksheet("Saran").Cell("D4").GetString());
        // Not in any cell of any sheet either (the shared-strings table holds every text of the file).
        using var package = new XlsxPackage(file);
        foreach (var secret in new[] { "0812-3456", "budi.s@", "3201234567890123" })
        {
            Assert.DoesNotContain(secret, package.AllText());
        }
    }

    [Fact]
    public void Characters_an_xlsx_cannot_hold_are_dropped_instead_of_breaking_the_export()
    {
        var file = WriteMall(Example(suggestions: [new SuggestionRow(new DateOnly(2025, 9, 1), "KTP", "bagus\u0001 sekali \uD83D\uDC4D\uD800")]));

        using var workbook = Open(file);
        Assert.Equal("bagus sekali \uD83D\uDC4D", workbook.Worksheet("Saran").Cell("D4").GetString());
    }

    [Fact]
    public void Tindak_lanjut_lists_the_plan_against_the_current_element_values()
    {
        using var workbook = Open(WriteMall(Example()));
        var sheet = workbook.Worksheet("Tindak Lanjut");

        Assert.Equal(("U3", "Waktu Penyelesaian", 77.5, 1.0, "Menambah loket perekaman KTP-el", "2026 Triwulan I", "Kepala Disdukcapil", "Direncanakan"),
            (sheet.Cell(5, 1).GetString(), sheet.Cell(5, 2).GetString(), sheet.Cell(5, 3).GetDouble(), sheet.Cell(5, 4).GetDouble(),
                sheet.Cell(5, 5).GetString(), sheet.Cell(5, 6).GetString(), sheet.Cell(5, 7).GetString(), sheet.Cell(5, 8).GetString()));
        Assert.True(sheet.Cell(5, 9).IsEmpty());
        Assert.Equal(("U8", 2.0, "SK kepala MPP No. 12/2026"), (sheet.Cell(6, 1).GetString(), sheet.Cell(6, 4).GetDouble(), sheet.Cell(6, 9).GetString()));
    }

    [Fact]
    public void An_empty_follow_up_plan_is_said_so()
    {
        using var workbook = Open(WriteMall(Example(followUps: [])));

        Assert.Equal("Belum ada rencana tindak lanjut.", workbook.Worksheet("Tindak Lanjut").Cell(5, 1).GetString());
    }

    [Fact]
    public void A_period_without_any_answer_still_gives_a_workbook()
    {
        var data = Example() with { Tallies = [], Respondents = [], Agencies = [], Trend = [], Suggestions = [], FollowUps = [], Change = null, ConfidenceInterval = null, Profile = RespondentProfile.Empty };

        var file = WriteMall(data);

        using var workbook = Open(file);
        Assert.Equal(SheetNames, workbook.Worksheets.Select(s => s.Name));
        Assert.Equal("Belum ada jawaban", RowLabelled(workbook.Worksheet("Ringkasan"), "IKM konversi (IKM x 25)").Cell(2).GetString());
        Assert.Equal(PengolahanLayout.SumRowLabel, workbook.Worksheet(PengolahanLayout.SheetName).Cell(6, 1).GetString());
        Assert.Empty(ScoreFile.ReadXlsx(new MemoryStream(file)));
        using var package = new XlsxPackage(file);
        Assert.Empty(package.RelatedParts(package.SheetPath("Tren"), "drawing"));
    }

    [Fact]
    public void Respondent_rows_that_do_not_add_up_to_the_tallies_are_refused()
    {
        var data = Example();
        var wrong = data with { Tallies = TalliesOf(data.Respondents.Take(9)) };

        var error = Assert.Throws<ArgumentException>(() => WriteMall(wrong));
        Assert.Contains("U1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_respondent_rows_are_refused()
    {
        var data = Example();
        RespondentRow[] outOfRange = [new(1, [4, 4, 4, 4, 4, 4, 4, 4, 5])];
        RespondentRow[] tooShort = [new(1, [4, 4, 4])];
        RespondentRow[] zeroNumber = [new(0, [4, 4, 4, 4, 4, 4, 4, 4, 4])];

        Assert.Throws<ArgumentException>(() => WriteMall(data with { Respondents = outOfRange, Tallies = [] }));
        Assert.Throws<ArgumentException>(() => WriteMall(data with { Respondents = tooShort, Tallies = [] }));
        Assert.Throws<ArgumentException>(() => WriteMall(data with { Respondents = zeroNumber, Tallies = TalliesOf(zeroNumber) }));
    }

    [Fact]
    public void The_whole_package_is_valid_against_the_office_schema()
    {
        // Excel offers to "repair" a file with schema errors; the hand-written rows and chart must not cause that.
        using var document = SpreadsheetDocument.Open(new MemoryStream(WriteMall(Example(blankR10U4: true))), false);

        Assert.Empty(new OpenXmlValidator().Validate(document));
    }

    [Fact]
    public void Writing_to_a_stream_that_cannot_seek_works()
    {
        using var target = new ForwardOnlyStream();

        MallWorkbook.Write(Example(), target);

        Assert.True(target.Written > 0);
    }

    private sealed class ForwardOnlyStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;
    }
}
