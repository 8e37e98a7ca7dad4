using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using MppSurvey.Core.Reporting.SemesterReport;
using MppSurvey.Core.Reporting.Workbooks;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>
/// The semester report written from the worked example (docs/method.md, Worked example: IKM konversi 88,61, grade A):
/// it opens with OpenXml, passes the validator, holds every chapter of the structure regencies use and
/// the figures as the dashboard shows them, and survives what visitors type.
/// </summary>
public sealed class SemesterReportDocumentTests
{
    /// <summary>Every heading of the report, in order: the structure regencies write.</summary>
    public static readonly string[] Headings =
    [
        "BAB I PENDAHULUAN", "1.1 Latar Belakang", "1.2 Dasar Hukum", "1.3 Maksud dan Tujuan",
        "BAB II METODE SURVEI", "2.1 Populasi dan Sampel", "2.2 Periode Survei", "2.3 Unsur Pelayanan", "2.4 Pengolahan Data",
        "BAB III HASIL SURVEI", "3.1 Indeks Kepuasan Masyarakat", "3.2 Nilai per Unsur Pelayanan", "3.3 Hasil per Instansi dan Layanan",
        "3.4 Profil Responden", "3.5 Tren IKM",
        "BAB IV ANALISIS", "4.1 Unsur dengan Nilai Terendah", "4.2 Saran Pengunjung Periode Ini", "4.3 Suara Warga: Tema Saran",
        "BAB V RENCANA TINDAK LANJUT", "PENUTUP", "LAMPIRAN", "Lampiran 1. Tabel Pengolahan Data",
    ];

    internal static SemesterReportData Sample(MallWorkbookData? workbook = null, int? population = 15) =>
        new(workbook ?? WorkbookSamples.Example(), 88.61m, "A", population, new DateOnly(2025, 7, 1), new DateOnly(2025, 12, 31));

    internal static byte[] Write(SemesterReportData data)
    {
        using var stream = new MemoryStream();
        SemesterReportDocument.Write(data, stream);
        return stream.ToArray();
    }

    private static (List<string> Headings, string Text, WordprocessingDocument Document) Read(byte[] file)
    {
        var document = WordprocessingDocument.Open(new MemoryStream(file), false);
        var body = document.MainDocumentPart!.Document.Body!;
        var headings = body.Elements<Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value is "Heading1" or "Heading2")
            .Select(p => p.InnerText).ToList();
        var text = string.Join("\n", body.Descendants<Paragraph>().Select(p => p.InnerText));
        return (headings, text, document);
    }

    [Fact]
    public void The_report_opens_and_passes_the_OpenXml_validator_without_errors()
    {
        var (_, _, document) = Read(Write(Sample()));
        using (document)
        {
            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

            Assert.Empty(errors);
        }
    }

    [Fact]
    public void The_report_holds_every_chapter_as_a_heading_in_order()
    {
        var (headings, _, document) = Read(Write(Sample()));
        document.Dispose();

        Assert.Equal(Headings, headings);
    }

    [Fact]
    public void The_report_states_the_stored_index_grade_and_words_as_the_dashboard_shows_them()
    {
        var (_, text, document) = Read(Write(Sample()));
        document.Dispose();

        Assert.Contains("IKM konversi MPP Kabupaten Contoh periode 2025-S2 adalah 88,61, mutu pelayanan A (Sangat Baik), dihitung dari 10 responden.", text);
        Assert.Contains("Interval kepercayaan 95% IKM konversi: 81,70 sampai 95,52.", text);
        // Krejcie & Morgan target against the responses, population as entered.
        Assert.Contains("sebanyak 15 orang", text);
        Assert.Contains("Besar sampel minimum menurut tabel Krejcie dan Morgan adalah 12 responden. Responden yang terkumpul: 10; kurang 2 responden dari target, indeks tetap dihitung.", text);
        // Legal basis and the nine elements by name.
        Assert.Contains("Undang-Undang Nomor 25 Tahun 2009", text);
        Assert.Contains("Peraturan Pemerintah Nomor 96 Tahun 2012", text);
        Assert.Contains("Nomor 14 Tahun 2017", text);
        Assert.Contains("Waktu Penyelesaian", text);
        // The signature block leaves name and NIP to the signer.
        Assert.Contains("NIP. ......", text);
    }

    [Fact]
    public void The_follow_up_plan_is_a_table_and_an_empty_plan_says_what_to_do()
    {
        var (_, text, document) = Read(Write(Sample()));
        document.Dispose();
        var (_, empty, emptyDocument) = Read(Write(Sample(WorkbookSamples.Example(followUps: []))));
        emptyDocument.Dispose();

        Assert.Contains("Menambah loket perekaman KTP-el", text);
        Assert.Contains("Berjalan (SK kepala MPP No. 12/2026)", text);
        Assert.Contains("Belum ada rencana tindak lanjut: admin MPP dapat menyusunnya di menu Tindak Lanjut", empty);
    }

    [Fact]
    public void Hostile_suggestions_with_control_characters_lone_surrogates_and_markup_are_quoted_inert_and_the_file_stays_valid()
    {
        var suggestions = new List<SuggestionRow>
        {
            new(new DateOnly(2025, 9, 1), "KTP elektronik", "Antre\u0001 terlalu lama \ud800<w:p/>"),
            new(new DateOnly(2025, 9, 2), "Roya", "Baris satu\nbaris dua 🙂 " + WorkbookSamples.Injection),
        };
        var (_, text, document) = Read(Write(Sample(WorkbookSamples.Example(suggestions: suggestions))));
        using (document)
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
        }

        Assert.Contains("Antre terlalu lama <w:p/>", text);
        Assert.Contains("baris dua 🙂 =HYPERLINK", text);
    }

    [Fact]
    public void A_phone_number_an_email_and_an_NIK_in_a_suggestion_are_masked_under_the_weakest_element_and_in_the_latest_list()
    {
        // "Antre" names U3, one of the sample's three weakest elements (NRR 3.1): the suggestion is quoted in 4.1 and listed in 4.2.
        var suggestions = new List<SuggestionRow>
        {
            new(new DateOnly(2025, 9, 1), "KTP elektronik", "Antre lama, hubungi +62 812 3456 7890 atau budi.s@mail.co.id, NIK 3201 2345 6789 0123"),
        };
        var (_, text, document) = Read(Write(Sample(WorkbookSamples.Example(suggestions: suggestions))));
        document.Dispose();

        const string masked = "Antre lama, hubungi [disamarkan] atau [disamarkan], NIK [disamarkan]";
        Assert.Contains($"“{masked}” (", text); // 4.1, under U3
        Assert.Equal(2, text.Split(masked).Length - 1); // and the row of 4.2's table
        foreach (var secret in new[] { "812 3456", "budi.s@", "mail.co.id", "3201 2345" })
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public void A_suggestion_naming_an_elements_everyday_word_is_quoted_under_that_element()
    {
        var suggestions = new List<SuggestionRow>
        {
            new(new DateOnly(2025, 9, 1), "KTP elektronik", "Antrean terlalu lama di loket"),
            new(new DateOnly(2025, 9, 2), "Roya", "Toilet kotor"),
        };

        var waiting = AnalysisChapter.Mentioning(suggestions, "U3").Select(s => s.Text).ToList();
        var facilities = AnalysisChapter.Mentioning(suggestions, "U9").Select(s => s.Text).ToList();

        Assert.Equal(["Antrean terlalu lama di loket"], waiting);
        Assert.Equal(["Toilet kotor"], facilities);
    }

    [Fact]
    public void Up_to_the_limit_every_respondent_is_listed_in_the_appendix_and_above_it_the_summary_of_the_stored_tallies()
    {
        var (_, small, smallDocument) = Read(Write(Sample()));
        smallDocument.Dispose();
        var many = Enumerable.Range(1, AppendixChapter.MaxRespondentRows + 1)
            .Select(i => new RespondentRow(i, [4, 4, 3, 4, 4, 4, 4, 4, 4])).ToList();
        var big = WorkbookSamples.Example() with { Respondents = many, Tallies = WorkbookSamples.TalliesOf(many) };
        var (_, summary, bigDocument) = Read(Write(Sample(big)));
        bigDocument.Dispose();

        Assert.Contains("Nilai setiap responden per unsur", small);
        Assert.Contains("Dengan 401 responden, tabel per responden terlalu panjang", summary);
        // U3 of 401 respondents answering 3: sum 1.203, NRR 3,000.
        Assert.Contains("1.203", summary);
    }

    [Fact]
    public void The_trend_chart_is_a_PNG_drawn_with_a_font_found_on_this_machine()
    {
        var png = TrendChartPng.Render(WorkbookSamples.Example().Trend);

        Assert.True(TrendChartPng.HasFont, "no font file of ChartFont exists: install fonts-dejavu-core");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4).ToArray());
    }
}
