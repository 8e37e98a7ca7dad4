using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// Lampiran: the tabel pengolahan data. Up to <see cref="MaxRespondentRows"/> respondents it lists every
/// respondent's answers (about 40 rows a page, so at most about ten pages); above that it gives the
/// per-element summary (sum, answered, NRR, weighted NRR) and points to the workbook's Pengolahan Data
/// sheet, which always holds every row with its formulas. The totals are the stored tallies either way.
/// </summary>
internal static class AppendixChapter
{
    internal const int MaxRespondentRows = 400;

    internal static void Write(ReportDocx doc, SemesterReportData data, SkmIndex? index)
    {
        var w = data.Workbook;
        doc.Heading(ReportText.Get("Appendix_Title"), 1);
        doc.Heading(ReportText.Get("Appendix_Pengolahan"), 2);
        if (index is null)
        {
            doc.Text(WorkbookText.Get("NoAnswers"));
            return;
        }

        var codes = SkmElements.Codes;
        var rows = new List<IReadOnlyList<string>>();
        if (w.Respondents.Count <= MaxRespondentRows)
        {
            doc.Text(ReportText.Get("Appendix_Full"));
            rows.AddRange(w.Respondents.Select(r => (IReadOnlyList<string>)
            [
                r.Number.ToString(ReportText.Culture),
                .. r.Answers.Select(a => a?.ToString(ReportText.Culture) ?? ""),
            ]));
        }
        else
        {
            doc.Text(ReportText.Format("Appendix_Summary", ReportText.Count(w.Respondents.Count), ReportText.Count(MaxRespondentRows)));
        }

        var summaryStart = rows.Count;
        rows.Add([ReportText.Get("Appendix_RowSum"), .. index.Elements.Select(e => ReportText.Count(e.Sum))]);
        rows.Add([ReportText.Get("Appendix_RowAnswered"), .. index.Elements.Select(e => ReportText.Count(e.Answered))]);
        rows.Add([ReportText.Get("Appendix_RowNrr"), .. index.Elements.Select(e => e.Nrr is decimal n ? ReportText.Nrr(n) : "–")]);
        rows.Add([ReportText.Get("Appendix_RowWeighted"), .. index.Elements.Select(e => e.WeightedNrr is decimal n ? n.ToString("0.000", ReportText.Culture) : "–")]);
        doc.Table(
            [ReportText.Get("Column_No"), .. codes],
            rows,
            [4, .. codes.Select(_ => 2)],
            rightAligned: Enumerable.Range(1, codes.Count).ToHashSet(),
            boldRows: Enumerable.Range(summaryStart, 4).ToHashSet());
        doc.Text(ReportText.Format("Appendix_Ikm", index.Ikm.ToString("0.0000", ReportText.Culture), ReportText.Number(data.Converted)), bold: true);
    }
}
