using DocumentFormat.OpenXml.Wordprocessing;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>The cover: title, MPP, regency and province, period and year, a place for the logo.</summary>
internal static class CoverPage
{
    internal static void Write(ReportDocx doc, SemesterReportData data)
    {
        var w = data.Workbook;
        var center = JustificationValues.Center;
        doc.Empty(3);
        doc.Text(ReportText.Get("Cover_Title"), center, bold: true, sizeHalfPoints: 36);
        doc.Text(ReportText.Get("Cover_Unit"), center, bold: true, sizeHalfPoints: 28);
        doc.Text(w.MallName.ToUpper(ReportText.Culture), center, bold: true, sizeHalfPoints: 28);
        doc.Empty(3);
        doc.Box(ReportText.Get("Cover_Logo"));
        doc.Empty(3);
        doc.Text(ReportText.Format("Cover_Regency", w.RegencyName, w.ProvinceName), center, sizeHalfPoints: 26);
        doc.Text(ReportText.Format("Cover_Period", w.PeriodCode, ReportText.Date(data.StartsOn), ReportText.Date(data.EndsOn)), center, sizeHalfPoints: 26);
        doc.Empty(4);
        if (w.Snapshot is { } snapshot)
        {
            doc.Text(ReportText.Format(snapshot.Provisional ? "Cover_Provisional" : "Cover_ComputedAt", snapshot.ComputedAt), center, sizeHalfPoints: 18);
        }

        doc.Text(ReportText.Format("Cover_Year", data.StartsOn.Year), center, bold: true, sizeHalfPoints: 28);
    }
}
