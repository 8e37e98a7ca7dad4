using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// BAB II Metode: population, the Krejcie &amp; Morgan target against the responses, the period, the
/// nine elements by name, and the scoring (NRR, the 1/9 weight, IKM, konversi, the grade table of
/// <see cref="WorkbookIndex.GradeTable"/>, the same one the workbook prints).
/// </summary>
internal static class MethodChapter
{
    internal static void Write(ReportDocx doc, SemesterReportData data)
    {
        var w = data.Workbook;
        var respondents = w.Respondents.Count;
        doc.Heading(ReportText.Get("Ch2_Title"), 1);

        doc.Heading(ReportText.Get("Ch2_Population"), 2);
        doc.Text(data.Population is int population
            ? ReportText.Format("Ch2_PopulationText", w.MallName, w.PeriodCode, ReportText.Count(population))
            : ReportText.Format("Ch2_PopulationUnknown", w.MallName, w.PeriodCode));
        doc.Text(w.SampleTarget is long target
            ? ReportText.Format("Ch2_SampleText", ReportText.Count(target), ReportText.Count(respondents), respondents >= target ? ReportText.Get("Ch2_SampleMet") : ReportText.Format("Ch2_SampleShort", ReportText.Count(target - respondents)))
            : ReportText.Format("Ch2_SampleNoTarget", ReportText.Count(respondents)));

        doc.Heading(ReportText.Get("Ch2_Period"), 2);
        doc.Text(ReportText.Format("Ch2_PeriodText", w.PeriodCode, ReportText.Date(data.StartsOn), ReportText.Date(data.EndsOn)));

        doc.Heading(ReportText.Get("Ch2_Elements"), 2);
        doc.Text(ReportText.Get("Ch2_ElementsText"));
        doc.Table(
            [WorkbookText.Get("Column_Code"), WorkbookText.Get("Column_Element")],
            SkmElements.Codes.Select(code => (IReadOnlyList<string>)[code, SemesterReportDocument.ElementName(code)]),
            [1, 6]);

        doc.Heading(ReportText.Get("Ch2_Scoring"), 2);
        doc.Text(ReportText.Get("Ch2_Scoring1"));
        doc.Text(ReportText.Get("Ch2_Scoring2"));
        doc.Text(ReportText.Get("Ch2_Scoring3"));
        doc.Text(ReportText.Get("Ch2_Scoring4"));
        doc.Table(
            [
                WorkbookText.Get("GradeTable_Perception"), WorkbookText.Get("GradeTable_IkmLow"), WorkbookText.Get("GradeTable_IkmHigh"),
                WorkbookText.Get("GradeTable_ConvertedLow"), WorkbookText.Get("GradeTable_ConvertedHigh"), WorkbookText.Get("GradeTable_Grade"),
                WorkbookText.Get("GradeTable_Performance"),
            ],
            WorkbookIndex.GradeTable.Select(line => (IReadOnlyList<string>)
            [
                line.Perception.ToString(ReportText.Culture),
                line.IkmLow.ToString("0.0000", ReportText.Culture), line.IkmHigh.ToString("0.0000", ReportText.Culture),
                ReportText.Number(line.ConvertedLow), ReportText.Number(line.ConvertedHigh),
                line.Grade.ToString(), WorkbookCells.GradeLabel(line.Grade),
            ]),
            [2, 2, 2, 2, 2, 1, 3],
            rightAligned: new HashSet<int> { 0, 1, 2, 3, 4 });
    }
}
