using MppSurvey.Core.Reporting.Workbooks;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>BAB V Rencana Tindak Lanjut: the MPP's follow-up plan as stored (the same rows the workbook's Tindak Lanjut sheet lists).</summary>
internal static class FollowUpChapter
{
    internal static void Write(ReportDocx doc, SemesterReportData data)
    {
        var plan = data.Workbook.FollowUps;
        doc.Heading(ReportText.Get("Ch5_Title"), 1);
        if (plan.Count == 0)
        {
            doc.Text(ReportText.Get("Ch5_Empty"));
            return;
        }

        doc.Text(ReportText.Get("Ch5_Text"));
        doc.Table(
            [
                ReportText.Get("Column_No"), WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_Action"), WorkbookText.Get("Column_Timeline"),
                WorkbookText.Get("Column_PersonInCharge"), WorkbookText.Get("Column_Status"),
            ],
            plan.Select((a, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(ReportText.Culture), a.ElementCode + " " + SemesterReportDocument.ElementName(a.ElementCode), a.Action, a.Timeline, a.PersonInCharge,
                a.EvidenceNote is { Length: > 0 } note ? a.Status + " (" + note + ")" : a.Status,
            ]),
            [1, 3, 6, 2, 3, 2], rightAligned: new HashSet<int> { 0 });
    }
}
