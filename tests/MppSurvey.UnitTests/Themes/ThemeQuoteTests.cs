using MppSurvey.Core.Reporting.SemesterReport;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Themes;
using MppSurvey.UnitTests.Reporting;
using Xunit;
using static MppSurvey.UnitTests.Reporting.WorkbookSamples;

namespace MppSurvey.UnitTests.Themes;

/// <summary>How a suggestion becomes a quote of the citizens' voice, and the Suara Warga sheet and report section written from quotes.</summary>
public class ThemeQuoteTests
{
    [Fact]
    public void A_quote_is_masked_before_it_is_cut_so_a_number_at_the_cut_is_still_hidden()
    {
        // An NIK written in groups straddles character 280: cut first (at the space before 280), "3507" would
        // survive on its own, four digits the mask does not see.
        var text = new string('a', 268) + " nik 3507 1234 5678 0001 ok";

        var quote = ThemeSummary.QuoteText(text);

        Assert.DoesNotContain("3507", quote, StringComparison.Ordinal);
        Assert.Equal(new string('a', 268) + " nik…", quote);
    }

    [Fact]
    public void Line_breaks_tabs_and_control_characters_collapse_to_single_spaces()
    {
        Assert.Equal("antri lama parkir sempit", ThemeSummary.QuoteText("  antri\r\n\r\nlama\t\u0007parkir   sempit \n"));
    }

    [Fact]
    public void Hostile_one_long_word_is_cut_inside_it_but_never_between_the_halves_of_an_emoji()
    {
        // "x" then 400 emojis (801 UTF-16 units, no space): position 280 falls on the second half of an emoji.
        var emojis = "x" + string.Concat(Enumerable.Repeat("😠", 400));

        var quote = ThemeSummary.QuoteText(emojis);

        Assert.EndsWith("…", quote, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(quote[^2]), "the cut split a surrogate pair");
        Assert.Equal(ThemeSummary.QuoteLength - 1, quote.Length - 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("pendek")]
    public void Careless_short_or_blank_text_is_kept_as_it_is_trimmed(string text) =>
        Assert.Equal(text.Trim(), ThemeSummary.QuoteText(text));

    private static ThemeSummary.Result Sample(int previous = 3)
    {
        var rows = SuggestionThemes.All.Select(t => t switch
        {
            SuggestionTheme.Time => new ThemeSummary.Row(t, 5, 2, previous > 0 ? 3 : null,
                [new(new DateOnly(2025, 12, 1), "antri lama"), new(new DateOnly(2025, 11, 2), "=HYPERLINK(\"http://x\")"), new(new DateOnly(2025, 10, 3), "lamaa")]),
            SuggestionTheme.Integrity => new ThemeSummary.Row(t, 1, 0, previous > 0 ? 1 : null, [new(new DateOnly(2025, 9, 4), "ada pungli")]),
            _ => new ThemeSummary.Row(t, 0, 0, previous > 0 ? 0 : null, []),
        }).ToList();
        return new ThemeSummary.Result("2025-S2", "2025-S1", 6, previous, rows);
    }

    [Fact]
    public void The_Suara_Warga_sheet_writes_counts_change_and_quotes_as_inert_text_and_fits_landscape_at_8_points()
    {
        var file = WriteMall(Example() with { Themes = Sample() });
        using var workbook = Open(file);

        var sheet = workbook.Worksheet("Suara Warga");
        var time = sheet.Row(MallThemesSheet.HeaderRow + 3);
        Assert.Equal("Waktu penyelesaian", time.Cell(2).GetString());
        Assert.Equal((5d, 2d, 3d), (time.Cell(4).GetDouble(), time.Cell(5).GetDouble(), time.Cell(6).GetDouble()));
        Assert.Equal("=HYPERLINK(\"http://x\")", time.Cell(8).GetString());
        Assert.False(time.Cell(8).HasFormula);

        var sheets = WorkbookPrintTests.AssertPrintable(file, "MPP Kabupaten Contoh", "Periode 2025-S2", new Dictionary<string, int>
        {
            ["Ringkasan"] = 1, [PengolahanLayout.SheetName] = 5, ["Per Unsur"] = 3, ["Per Layanan"] = 4,
            ["Tren"] = 4, ["Profil Responden"] = 1, ["Saran"] = 3, ["Tindak Lanjut"] = 4, ["Suara Warga"] = 4,
        });
        var voice = sheets.Single(s => s.Name == "Suara Warga");
        Assert.Equal(("landscape", true), (voice.Orientation, voice.FitToWidth));
    }

    [Fact]
    public void Careless_without_a_previous_period_to_compare_the_change_cells_stay_blank_and_a_note_says_why()
    {
        using var workbook = Open(WriteMall(Example() with { Themes = Sample(previous: 0) }));

        var sheet = workbook.Worksheet("Suara Warga");
        Assert.Equal("Periode sebelumnya tidak memiliki saran, sehingga kolom perubahan dikosongkan.", sheet.Cell(3, 1).GetString());
        Assert.True(sheet.Cell(MallThemesSheet.HeaderRow + 3, 6).IsEmpty());
    }

    [Fact]
    public void Careless_no_suggestions_gives_a_sentence_in_the_sheet_and_the_report_not_an_empty_table()
    {
        var empty = Sample() with { Suggestions = 0, Themes = SuggestionThemes.All.Select(t => new ThemeSummary.Row(t, 0, 0, null, [])).ToList() };
        var data = Example() with { Themes = empty };

        using var workbook = Open(WriteMall(data));
        Assert.Equal("Belum ada saran pada periode ini.", workbook.Worksheet("Suara Warga").Cell(2, 1).GetString());
        Assert.True(workbook.Worksheet("Suara Warga").Cell(4, 1).IsEmpty());

        var text = ReportText(SemesterReportDocumentTests.Write(SemesterReportDocumentTests.Sample(data)));
        Assert.Contains("Tidak ada saran tertulis pada periode ini, sehingga tidak ada tema yang dapat dilaporkan.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_quotes_only_themes_that_were_mentioned_most_first()
    {
        var text = ReportText(SemesterReportDocumentTests.Write(SemesterReportDocumentTests.Sample(Example() with { Themes = Sample() })));

        Assert.Contains("Contoh saran untuk 2 tema", text, StringComparison.Ordinal);
        var time = text.IndexOf("Waktu penyelesaian (5 saran)", StringComparison.Ordinal);
        var integrity = text.IndexOf("Integritas (pungli, calo, suap) (1 saran)", StringComparison.Ordinal);
        Assert.True(time > 0 && integrity > time);
        Assert.Contains("– “ada pungli” (4 September 2025)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Parkir (0 saran)", text, StringComparison.Ordinal);
    }

    private static string ReportText(byte[] docx)
    {
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", document.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }
}
