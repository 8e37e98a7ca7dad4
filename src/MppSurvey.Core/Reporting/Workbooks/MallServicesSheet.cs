using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The Per Layanan sheet of <see cref="MallWorkbook"/>: one pooled line per agency, then a line per
/// service, each with its sample status, index and element konversi.
/// </summary>
internal static class MallServicesSheet
{
    internal static void Write(IXLWorksheet sheet, IReadOnlyList<AgencyRow> agencies)
    {
        var codes = SkmElements.Codes;
        WorkbookCells.Widths(sheet, [30, 36, 11, 11, 24, 10, 7, 13, .. Enumerable.Repeat(8.0, codes.Count)]);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Services_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("Services_Pooling"));
        const int header = 4;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Agency"), WorkbookText.Get("Column_Service"), WorkbookText.Get("Column_Respondents"),
            WorkbookText.Get("Column_SampleTarget"), WorkbookText.Get("Column_SampleStatus"), WorkbookText.Get("Column_Converted"),
            WorkbookText.Get("Column_Grade"), WorkbookText.Get("Column_Performance"),
            .. codes.Select(c => WorkbookText.Format("Column_ElementConverted", c)),
        ]);
        sheet.SheetView.FreezeRows(header);

        var row = header + 1;
        foreach (var agency in agencies)
        {
            var pooled = WorkbookIndex.Pool(agency.Services.Select(s => s.Tallies));
            WriteUnitLine(sheet, row, agency.Name, WorkbookText.Get("Services_AllOfAgency"), agency.Services.Sum(s => s.Respondents), pooled, agency.SampleTarget);
            sheet.Range(row, 1, row, 8 + codes.Count).Style.Font.Bold = true;
            row++;
            foreach (var service in agency.Services)
            {
                WriteUnitLine(sheet, row++, agency.Name, service.Name, service.Respondents, service.Tallies, service.SampleTarget);
            }
        }

        if (row == header + 1)
        {
            sheet.Cell(row++, 1).SetText(WorkbookText.Get("NoAnswers"));
        }
        else
        {
            sheet.Range(header, 1, row - 1, 8 + codes.Count).SetAutoFilter();
        }

        MallWorkbook.WriteNotes(sheet, row + 1, WorkbookText.Get("Note_SampleTarget"));
    }

    private static void WriteUnitLine(IXLWorksheet sheet, int row, string agency, string service, long respondents, IReadOnlyList<ElementTally> tallies, long? target)
    {
        sheet.Cell(row, 1).SetText(agency);
        sheet.Cell(row, 2).SetText(service);
        sheet.Cell(row, 3).SetCount(respondents);
        if (target is { } t)
        {
            sheet.Cell(row, 4).SetCount(t);
        }

        sheet.Cell(row, 5).SetText(WorkbookIndex.SampleStatus(respondents, target));
        if (WorkbookIndex.Of(tallies) is not { } index)
        {
            sheet.Cell(row, 6).SetText(WorkbookText.Get("NoAnswers"));
            return;
        }

        sheet.Cell(row, 6).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat);
        sheet.Cell(row, 7).SetText(index.Grade.ToString());
        sheet.Cell(row, 8).SetText(WorkbookCells.GradeLabel(index.Grade));
        for (var i = 0; i < index.Elements.Count; i++)
        {
            sheet.Cell(row, 9 + i).SetNumberOrBlank(index.Elements[i].ConvertedRounded, WorkbookCells.IndexFormat);
        }
    }
}
