using ClosedXML.Excel;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The ministry's national workbook for one period: every MPP in one table (Seluruh MPP), the
/// aggregates per province (Per Provinsi), the funnel plot as the ministry's page draws it with its
/// limits per MPP (Funnel Plot, <see cref="NationalFunnelSheet"/>) and the method notes (Keterangan).
/// </summary>
public static class NationalWorkbook
{
    /// <summary>Row of the header of both tables.</summary>
    internal const int HeaderRow = 4;

    /// <summary>Writes the workbook as .xlsx to <paramref name="output"/>.</summary>
    public static void Write(NationalWorkbookData data, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var malls = data.Malls
            .OrderBy(m => m.ProvinceCode, StringComparer.Ordinal)
            .ThenBy(m => m.RegencyCode, StringComparer.Ordinal)
            .ThenBy(m => m.MallName, StringComparer.Ordinal)
            .Select(m => (Row: m, Index: WorkbookIndex.Of(m.Tallies)))
            .ToList();

        using var buffer = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            Write(workbook, data, malls);
            workbook.SaveAs(buffer, new SaveOptions { ValidatePackage = false, EvaluateFormulasBeforeSaving = false, GenerateCalculationChain = false });
        }

        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(buffer, isEditable: true))
        {
            WorkbookPrint.MakePrintTitlesAbsolute(document);
            if (data.FunnelPlot is { } plot)
            {
                WorkbookPicture.AddPng(MallWorkbook.WorksheetPart(document, WorkbookText.Get("Sheet_Funnel")), NationalFunnelSheet.Picture(plot),
                    NationalFunnelSheet.PictureRow, NationalFunnelSheet.PictureColumn, NationalFunnelSheet.PictureWidth, NationalFunnelSheet.PictureHeight,
                    WorkbookText.Format("Funnel_Title", data.PeriodCode));
            }
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void Write(XLWorkbook workbook, NationalWorkbookData data, IReadOnlyList<(NationalMallRow Row, SkmIndex? Index)> malls)
    {
        WriteMalls(workbook.AddWorksheet(WorkbookText.Get("Sheet_AllMalls")), data.PeriodCode, malls);
        WriteProvinces(workbook.AddWorksheet(WorkbookText.Get("Sheet_Provinces")), data.PeriodCode, malls);
        if (data.FunnelPlot is { } plot)
        {
            NationalFunnelSheet.Write(workbook.AddWorksheet(WorkbookText.Get("Sheet_Funnel")), data.PeriodCode, plot);
        }
        WriteNotes(workbook.AddWorksheet(WorkbookText.Get("Sheet_Notes")));

        // Print setup: the table of every MPP is too wide to fit a page at 8 points, so it is split by
        // columns with the region and MPP columns repeated at the left (WorkbookPrint).
        var scope = WorkbookText.Get("Print_Header_National");
        WorkbookPrint.Apply(workbook.Worksheet(1), HeaderRow, scope, data.PeriodCode, identifyingColumns: 5);
        WorkbookPrint.Apply(workbook.Worksheet(2), HeaderRow, scope, data.PeriodCode, identifyingColumns: 2);
        if (data.FunnelPlot is not null)
        {
            WorkbookPrint.Apply(workbook.Worksheet(WorkbookText.Get("Sheet_Funnel")), NationalFunnelSheet.HeaderRow, scope, data.PeriodCode, identifyingColumns: 2);
        }
        WorkbookPrint.Apply(workbook.Worksheet(WorkbookText.Get("Sheet_Notes")), 1, scope, data.PeriodCode);
        NationalPerceptionSheet.Write(workbook, data.PeriodCode, data.Perception);
    }

    private static void WriteMalls(IXLWorksheet sheet, string periodCode, IReadOnlyList<(NationalMallRow Row, SkmIndex? Index)> malls)
    {
        WorkbookCells.Widths(sheet, 9, 24, 11, 28, 32, 11, 11, 24, 10, 7, 13, 10, 10, 12, 11, 30, 9, 34);
        WorkbookCells.Title(sheet, 1, WorkbookText.Format("National_Title", periodCode));
        sheet.Cell(2, 1).SetText(WorkbookText.PoolingNote);
        WorkbookCells.Header(sheet, HeaderRow, 1,
        [
            WorkbookText.Get("Column_ProvinceCode"), WorkbookText.Get("Column_Province"), WorkbookText.Get("Column_RegencyCode"),
            WorkbookText.Get("Column_Regency"), WorkbookText.Get("Column_Mall"), WorkbookText.Get("Column_Respondents"),
            WorkbookText.Get("Column_SampleTarget"), WorkbookText.Get("Column_SampleStatus"), WorkbookText.Get("Column_Converted"),
            WorkbookText.Get("Column_Grade"), WorkbookText.Get("Column_Performance"), WorkbookText.Get("Column_CiLow"),
            WorkbookText.Get("Column_CiHigh"), WorkbookText.Get("Column_PreviousConverted"), WorkbookText.Get("Column_Change"),
            WorkbookText.Get("Column_ChangeVerdict"), WorkbookText.Get("Summary_PValue"), WorkbookText.Get("Column_Funnel"),
        ]);
        sheet.SheetView.FreezeRows(HeaderRow);

        var row = HeaderRow + 1;
        foreach (var (mall, index) in malls)
        {
            // Region codes are Kemendagri text: "11.10" must not become the number 11.1.
            sheet.Cell(row, 1).SetText(mall.ProvinceCode);
            sheet.Cell(row, 2).SetText(mall.ProvinceName);
            sheet.Cell(row, 3).SetText(mall.RegencyCode);
            sheet.Cell(row, 4).SetText(mall.RegencyName);
            sheet.Cell(row, 5).SetText(mall.MallName);
            sheet.Cell(row, 6).SetCount(mall.Respondents);
            if (mall.SampleTarget is { } target)
            {
                sheet.Cell(row, 7).SetCount(target);
            }

            sheet.Cell(row, 8).SetText(WorkbookIndex.SampleStatus(mall.Respondents, mall.SampleTarget));
            if (index is null)
            {
                sheet.Cell(row, 9).SetText(WorkbookText.Get("NoAnswers"));
            }
            else
            {
                sheet.Cell(row, 9).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat);
                sheet.Cell(row, 10).SetText(index.Grade.ToString());
                sheet.Cell(row, 11).SetText(WorkbookCells.GradeLabel(index.Grade));
            }

            sheet.Cell(row, 12).SetNumberOrBlank(mall.ConfidenceInterval?.Low, WorkbookCells.IndexFormat);
            sheet.Cell(row, 13).SetNumberOrBlank(mall.ConfidenceInterval?.High, WorkbookCells.IndexFormat);
            if (mall.Change is { } change)
            {
                var previous = Grading.Round(change.PreviousConverted);
                sheet.Cell(row, 14).SetNumber(previous, WorkbookCells.IndexFormat);
                if (index is not null)
                {
                    sheet.Cell(row, 15).SetNumber(index.ConvertedRounded - previous, WorkbookCells.ChangeFormat);
                }

                sheet.Cell(row, 16).SetText(ScoringText.Label(change.Verdict, ScoringText.Indonesian));
                sheet.Cell(row, 17).SetNumberOrBlank(change.PValue, WorkbookCells.PValueFormat);
            }

            if (mall.Funnel is { } funnel)
            {
                sheet.Cell(row, 18).SetText(ScoringText.Label(funnel, ScoringText.Indonesian));
            }

            row++;
        }

        if (malls.Count == 0)
        {
            sheet.Cell(row++, 1).SetText(WorkbookText.Get("NoAnswers"));
        }
        else
        {
            sheet.Range(HeaderRow, 1, row - 1, 18).SetAutoFilter();
        }

        MallWorkbook.WriteNotes(sheet, row + 1, WorkbookText.Get("Note_Funnel"));
    }

    private static void WriteProvinces(IXLWorksheet sheet, string periodCode, IReadOnlyList<(NationalMallRow Row, SkmIndex? Index)> malls)
    {
        WorkbookCells.Widths(sheet, 9, 26, 10, 12, 13, 7, 13, 9, 9, 9, 9, 11, 11, 13, 13);
        WorkbookCells.Title(sheet, 1, WorkbookText.Format("Provinces_Title", periodCode));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("Provinces_Pooling"));
        WorkbookCells.Header(sheet, HeaderRow, 1,
        [
            WorkbookText.Get("Column_ProvinceCode"), WorkbookText.Get("Column_Province"), WorkbookText.Get("Column_MallCount"),
            WorkbookText.Get("Column_Respondents"), WorkbookText.Get("Column_PooledConverted"), WorkbookText.Get("Column_Grade"),
            WorkbookText.Get("Column_Performance"),
            .. Enum.GetValues<Grade>().Select(g => WorkbookText.Format("Column_MallsWithGrade", g.ToString())),
            WorkbookText.Get("Column_Rising"), WorkbookText.Get("Column_Falling"),
            WorkbookText.Get("Column_FunnelAbove"), WorkbookText.Get("Column_FunnelBelow"),
        ]);
        sheet.SheetView.FreezeRows(HeaderRow);

        var row = HeaderRow + 1;
        foreach (var province in malls.GroupBy(m => m.Row.ProvinceCode, StringComparer.Ordinal))
        {
            var first = province.First().Row;
            WriteAggregate(sheet, row++, first.ProvinceCode, first.ProvinceName, province.ToList());
        }

        WriteAggregate(sheet, row, string.Empty, WorkbookText.Get("Provinces_National"), malls);
        sheet.Range(row, 1, row, 15).Style.Font.Bold = true;
        MallWorkbook.WriteNotes(sheet, row + 2);
    }

    /// <summary>
    /// One aggregate line. The index pools the respondents of all the MPPs (their tallies added up),
    /// the same decision that makes an MPP's index pool its agencies (docs/method.md, Pooling above the service).
    /// </summary>
    private static void WriteAggregate(IXLWorksheet sheet, int row, string code, string name, IReadOnlyList<(NationalMallRow Row, SkmIndex? Index)> malls)
    {
        sheet.Cell(row, 1).SetText(code);
        sheet.Cell(row, 2).SetText(name);
        sheet.Cell(row, 3).SetCount(malls.Count);
        sheet.Cell(row, 4).SetCount(malls.Sum(m => m.Row.Respondents));
        if (WorkbookIndex.Of(WorkbookIndex.Pool(malls.Select(m => m.Row.Tallies))) is { } pooled)
        {
            sheet.Cell(row, 5).SetNumber(pooled.ConvertedRounded, WorkbookCells.IndexFormat);
            sheet.Cell(row, 6).SetText(pooled.Grade.ToString());
            sheet.Cell(row, 7).SetText(WorkbookCells.GradeLabel(pooled.Grade));
        }
        else
        {
            sheet.Cell(row, 5).SetText(WorkbookText.Get("NoAnswers"));
        }

        var column = 8;
        foreach (var grade in Enum.GetValues<Grade>())
        {
            sheet.Cell(row, column++).SetCount(malls.Count(m => m.Index?.Grade == grade));
        }

        sheet.Cell(row, column++).SetCount(malls.Count(m => m.Row.Change?.Verdict == ChangeVerdict.SignificantRise));
        sheet.Cell(row, column++).SetCount(malls.Count(m => m.Row.Change?.Verdict == ChangeVerdict.SignificantFall));
        sheet.Cell(row, column++).SetCount(malls.Count(m => m.Row.Funnel is FunnelPosition.Above or FunnelPosition.FarAbove));
        sheet.Cell(row, column).SetCount(malls.Count(m => m.Row.Funnel is FunnelPosition.Below or FunnelPosition.FarBelow));
    }

    private static void WriteNotes(IXLWorksheet sheet)
    {
        WorkbookCells.Widths(sheet, 16, 14, 14, 16, 16, 10, 16);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Sheet_Notes"));
        var row = MallWorkbook.WriteNotes(sheet, 3, WorkbookText.Get("Provinces_Pooling"), WorkbookText.Get("Note_Ci"), WorkbookText.Get("Note_Verdict"), WorkbookText.Get("Note_Funnel"),
            WorkbookText.Get("Note_Method"));
        WorkbookIndex.WriteGradeTable(sheet, row + 1);
    }
}
