using DocumentFormat.OpenXml.Wordprocessing;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>Penutup: closing words and the signature block (place, a date left for the signer, name and NIP lines left blank).</summary>
internal static class ClosingChapter
{
    internal static void Write(ReportDocx doc, SemesterReportData data)
    {
        var w = data.Workbook;
        doc.Heading(ReportText.Get("Closing_Title"), 1);
        doc.Text(ReportText.Format("Closing_Text1", w.MallName, w.PeriodCode));
        doc.Text(ReportText.Get("Closing_Text2"));
        doc.Empty(2);

        // The signer dates the report when signing: the year is the period's, the day and month are left blank.
        var right = JustificationValues.Right;
        doc.Text(ReportText.Format("Sign_Place", w.RegencyName, data.EndsOn.Year), right);
        doc.Text(ReportText.Format("Sign_Role", w.MallName), right);
        doc.Empty(4);
        doc.Text(ReportText.Get("Sign_Name"), right);
        doc.Text(ReportText.Get("Sign_Nip"), right);
    }
}
