using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// BAB III Hasil: the stored IKM with grade and words, interval and change; per element; per agency and
/// service; the respondent profile (the index job's stored counts, <see cref="RespondentProfileCounts"/>,
/// the one profile the dashboard and workbook show); the trend chart as a PNG (<see cref="TrendChartPng"/>).
/// </summary>
internal static class ResultsChapter
{
    internal static void Write(ReportDocx doc, SemesterReportData data, SkmIndex? index)
    {
        var w = data.Workbook;
        doc.Heading(ReportText.Get("Ch3_Title"), 1);

        doc.Heading(ReportText.Get("Ch3_Index"), 2);
        var grade = Enum.TryParse<Grade>(data.Grade, out var g) ? Grading.Label(g, ReportText.Culture) : data.Grade;
        doc.Text(ReportText.Format("Ch3_IndexText", w.MallName, w.PeriodCode, ReportText.Number(data.Converted), data.Grade, grade, ReportText.Count(w.Respondents.Count)));
        if (w.ConfidenceInterval is { } ci)
        {
            doc.Text(ReportText.Format("Ch3_Ci", ReportText.Number(ci.Low), ReportText.Number(ci.High)));
        }

        doc.Text(w.Change is { } change
            ? ReportText.Format("Ch3_Change", change.PreviousPeriodCode, ReportText.Number(Grading.Round(change.PreviousConverted)), ScoringText.Label(change.Verdict, ReportText.Culture))
            : ReportText.Get("Ch3_NoChange"));

        doc.Heading(ReportText.Get("Ch3_Elements"), 2);
        if (index is null)
        {
            doc.Text(WorkbookText.Get("NoAnswers"));
        }
        else
        {
            var rows = index.Elements.Select(e => (IReadOnlyList<string>)
            [
                e.Code, SemesterReportDocument.ElementName(e.Code), ReportText.Count(e.Answered),
                e.Nrr is decimal nrr ? ReportText.Nrr(nrr) : "–",
                e.ConvertedRounded is decimal c ? ReportText.Number(c) : "–",
                e.Grade?.ToString() ?? "–",
            ]).ToList();
            rows.Add(["", ReportText.Get("Ch3_IndexRow"), ReportText.Count(w.Respondents.Count), "", ReportText.Number(data.Converted), data.Grade]);
            doc.Table(
                [
                    WorkbookText.Get("Column_Code"), WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_Answered"),
                    WorkbookText.Get("Column_Nrr"), WorkbookText.Get("Column_NrrConverted"), WorkbookText.Get("Column_Grade"),
                ],
                rows, [1, 5, 2, 2, 2, 1], rightAligned: new HashSet<int> { 2, 3, 4 }, boldRows: new HashSet<int> { rows.Count - 1 });
        }

        WriteAgencies(doc, w.Agencies);
        WriteProfile(doc, w.Profile);

        doc.Heading(ReportText.Get("Ch3_Trend"), 2);
        if (w.Trend.Count == 0)
        {
            doc.Text(ReportText.Get("Ch3_TrendEmpty"));
        }
        else
        {
            doc.Image(TrendChartPng.Render(w.Trend), 16, 8, "Tren IKM", ReportText.Get("Ch3_TrendCaption"));
        }
    }

    private static void WriteAgencies(ReportDocx doc, IReadOnlyList<AgencyRow> agencies)
    {
        doc.Heading(ReportText.Get("Ch3_Agencies"), 2);
        if (agencies.Count == 0)
        {
            doc.Text(ReportText.Get("Ch3_NoAgencies"));
            return;
        }

        doc.Text(ReportText.Get("Ch3_AgenciesText"));
        var rows = new List<IReadOnlyList<string>>();
        var bold = new HashSet<int>();
        foreach (var agency in agencies)
        {
            // An agency pools its services' respondents, as the workbook's Per Layanan sheet does.
            bold.Add(rows.Count);
            rows.Add(Line(agency.Name, agency.Services.Sum(s => s.Respondents), agency.SampleTarget, WorkbookIndex.Pool(agency.Services.Select(s => s.Tallies))));
            rows.AddRange(agency.Services.Select(s => Line("    " + s.Name, s.Respondents, s.SampleTarget, s.Tallies)));
        }

        doc.Table(
            [
                WorkbookText.Get("Column_Agency") + " / " + WorkbookText.Get("Column_Service"), WorkbookText.Get("Column_Respondents"),
                WorkbookText.Get("Column_SampleTarget"), WorkbookText.Get("Column_Converted"), WorkbookText.Get("Column_Grade"),
            ],
            rows, [7, 2, 2, 2, 1], rightAligned: new HashSet<int> { 1, 2, 3 }, boldRows: bold);
    }

    private static IReadOnlyList<string> Line(string name, long respondents, long? target, IReadOnlyList<ElementTally> tallies)
    {
        var index = WorkbookIndex.Of(tallies);
        return
        [
            name, ReportText.Count(respondents), target is long t ? ReportText.Count(t) : "–",
            index is null ? "–" : ReportText.Number(index.ConvertedRounded), index?.Grade.ToString() ?? "–",
        ];
    }

    private static void WriteProfile(ReportDocx doc, RespondentProfile profile)
    {
        doc.Heading(ReportText.Get("Ch3_Profile"), 2);
        var parts = new[]
        {
            (WorkbookText.Get("Profile_Gender"), profile.Gender),
            (WorkbookText.Get("Profile_Age"), profile.AgeBands),
            (WorkbookText.Get("Profile_Education"), profile.Education),
            (WorkbookText.Get("Profile_Occupation"), profile.Occupation),
        };
        if (parts.All(p => p.Item2.Count == 0))
        {
            doc.Text(ReportText.Get("Ch3_NoProfile"));
            return;
        }

        foreach (var (title, counts) in parts)
        {
            var total = counts.Sum(c => c.Count);
            doc.TableTitle(title);
            doc.Table(
                [WorkbookText.Get("Column_Category"), WorkbookText.Get("Column_Count"), WorkbookText.Get("Column_Share")],
                counts.Select(c => (IReadOnlyList<string>)
                [
                    c.Label, ReportText.Count(c.Count),
                    total == 0 ? "–" : ((double)c.Count / total).ToString("0.0 %", ReportText.Culture),
                ]),
                [4, 2, 2], rightAligned: new HashSet<int> { 1, 2 });
        }
    }
}
