namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>BAB I Pendahuluan: background, the legal basis (UU 25/2009, PP 96/2012, PermenPANRB 14/2017), purpose and aims.</summary>
internal static class IntroductionChapter
{
    internal static void Write(ReportDocx doc, SemesterReportData data)
    {
        var w = data.Workbook;
        doc.Heading(ReportText.Get("Ch1_Title"), 1);
        doc.Heading(ReportText.Get("Ch1_Background"), 2);
        doc.Text(ReportText.Get("Ch1_BackgroundText1"));
        doc.Text(ReportText.Format("Ch1_BackgroundText2", w.MallName, w.PeriodCode));

        doc.Heading(ReportText.Get("Ch1_Legal"), 2);
        doc.Item("1.", ReportText.Get("Ch1_Legal1"));
        doc.Item("2.", ReportText.Get("Ch1_Legal2"));
        doc.Item("3.", ReportText.Get("Ch1_Legal3"));

        doc.Heading(ReportText.Get("Ch1_Purpose"), 2);
        doc.Text(ReportText.Format("Ch1_PurposeText", w.MallName));
        doc.Item("a.", ReportText.Format("Ch1_Goal1", w.PeriodCode));
        doc.Item("b.", ReportText.Get("Ch1_Goal2"));
        doc.Item("c.", ReportText.Get("Ch1_Goal3"));
    }
}
