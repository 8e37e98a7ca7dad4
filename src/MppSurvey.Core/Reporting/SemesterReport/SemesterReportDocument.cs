using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// The semester report (Laporan Hasil Survei Kepuasan Masyarakat) of one MPP and period as a Word
/// document that the MPP edits and signs: cover, BAB I-V, Penutup with a signature block, Lampiran. A
/// pure writer (no database, no clock): every figure comes from <see cref="SemesterReportData"/>, the
/// index job's stored results, and the per-element and per-service values go through the same
/// <see cref="WorkbookIndex"/> as the workbook, so the report, the workbook and the dashboard agree.
/// Each chapter is written by its own class, in the order of the calls below.
/// </summary>
public static class SemesterReportDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Writes the report as .docx to <paramref name="output"/>.</summary>
    public static void Write(SemesterReportData data, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var index = WorkbookIndex.Of(data.Workbook.Tallies);

        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            var doc = new ReportDocx(main);

            CoverPage.Write(doc, data);
            IntroductionChapter.Write(doc, data);
            MethodChapter.Write(doc, data);
            ResultsChapter.Write(doc, data, index);
            AnalysisChapter.Write(doc, data, index);
            VoiceSection.Write(doc, data);
            FollowUpChapter.Write(doc, data);
            ClosingChapter.Write(doc, data);
            AppendixChapter.Write(doc, data, index);

            // Styles, footer and the page come last: w:sectPr must be the body's last child.
            ReportStyles.AddTo(main, ReportText.Format("Footer", data.Workbook.MallName, data.Workbook.PeriodCode));
            document.PackageProperties.Title = ReportText.Get("Cover_Title") + " " + data.Workbook.MallName + " " + data.Workbook.PeriodCode;
            document.PackageProperties.Language = "id-ID";
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>The grade with its words, as the dashboard writes it: "B (Baik)".</summary>
    internal static string GradeWithWords(string grade) =>
        Enum.TryParse<Grade>(grade, out var g) ? $"{grade} ({Grading.Label(g, ReportText.Culture)})" : grade;

    internal static string ElementName(string code) => ScoringText.ElementName(code, ReportText.Culture);
}
