using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The regional head's workbook for one MPP and one period (issue 5): Ringkasan, Pengolahan Data (the
/// official tabel pengolahan data, skm-method.md §5), Per Unsur, Per Layanan, Tren (with a native line
/// chart), Profil Responden, Saran and Tindak Lanjut. A pure writer: no database, no clock.
/// </summary>
public static class MallWorkbook
{
    /// <summary>Row of the Pengolahan Data header (U1..U9): a title block sits above it.</summary>
    internal const int PengolahanHeaderRow = 5;

    /// <summary>Row of the Tren table's header; the periods follow it.</summary>
    internal const int TrendHeaderRow = 4;

    private static readonly CultureInfo Indonesian = ScoringText.Indonesian;

    /// <summary>Writes the workbook as .xlsx to <paramref name="output"/> (which need not be seekable).</summary>
    /// <exception cref="ArgumentException">The respondent rows are malformed or do not add up to the tallies.</exception>
    public static void Write(MallWorkbookData data, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        var index = WorkbookIndex.Of(data.Tallies);
        CheckRespondents(data.Respondents, index);

        using var buffer = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            WriteSummary(workbook.AddWorksheet(WorkbookText.Get("Sheet_Summary")), data, index);
            WritePengolahan(workbook.AddWorksheet(PengolahanLayout.SheetName), data, index);
            WriteElements(workbook.AddWorksheet(WorkbookText.Get("Sheet_Elements")), index);
            WriteServices(workbook.AddWorksheet(WorkbookText.Get("Sheet_Services")), data.Agencies);
            WriteTrend(workbook.AddWorksheet(WorkbookText.Get("Sheet_Trend")), data.Trend);
            WriteProfile(workbook.AddWorksheet(WorkbookText.Get("Sheet_Profile")), data.Profile);
            WriteSuggestions(workbook.AddWorksheet(WorkbookText.Get("Sheet_Suggestions")), data.Suggestions);
            WriteFollowUps(workbook.AddWorksheet(WorkbookText.Get("Sheet_FollowUp")), data.FollowUps, index);
            workbook.SaveAs(buffer, new SaveOptions { ValidatePackage = false, EvaluateFormulasBeforeSaving = false, GenerateCalculationChain = false });
        }

        // What ClosedXML 0.95.4 cannot do, or not fast enough, is added to the saved package: the
        // respondent rows (RespondentRowsWriter) and a native chart (TrendChart).
        if (data.Respondents.Count > 0 || data.Trend.Count > 0)
        {
            using var document = SpreadsheetDocument.Open(buffer, isEditable: true);
            RespondentRowsWriter.InsertInto(WorksheetPart(document, PengolahanLayout.SheetName), PengolahanHeaderRow + 1, data.Respondents);
            if (data.Trend.Count > 0)
            {
                TrendChart.AddTo(WorksheetPart(document, WorkbookText.Get("Sheet_Trend")), WorkbookText.Get("Sheet_Trend"), TrendHeaderRow, data.Trend);
            }
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static WorksheetPart WorksheetPart(SpreadsheetDocument document, string sheetName)
    {
        var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("The package has no workbook part.");
        var sheet = workbookPart.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == sheetName)
            ?? throw new InvalidOperationException($"The workbook has no sheet '{sheetName}'.");
        return (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
    }

    /// <summary>
    /// The table's rows must be valid answers and add up to the tallies the index comes from; otherwise the
    /// sheet would show sums that its own rows contradict, or an import of it would give another index.
    /// </summary>
    private static void CheckRespondents(IReadOnlyList<RespondentRow> respondents, SkmIndex? index)
    {
        var codes = SkmElements.Codes;
        var answered = new long[codes.Count];
        var sums = new long[codes.Count];
        foreach (var row in respondents)
        {
            if (row.Number < 1)
            {
                // ScoreFile stops reading at the first row whose number is not a positive integer.
                throw new ArgumentException($"Respondent number {row.Number} is not a positive integer.", nameof(respondents));
            }

            if (row.Answers is null || row.Answers.Length != codes.Count)
            {
                throw new ArgumentException($"Respondent {row.Number} has {row.Answers?.Length ?? 0} answers, not {codes.Count} (U1..U9).", nameof(respondents));
            }

            for (var i = 0; i < codes.Count; i++)
            {
                if (row.Answers[i] is not { } answer)
                {
                    continue;
                }

                if (!ScoreScale.Skm.Contains(answer))
                {
                    throw new ArgumentException($"Respondent {row.Number}, {codes[i]}: answer {answer} outside 1-4.", nameof(respondents));
                }

                answered[i]++;
                sums[i] += answer;
            }
        }

        for (var i = 0; i < codes.Count; i++)
        {
            var expected = index?.Elements[i];
            if (answered[i] != (expected?.Answered ?? 0) || sums[i] != (expected?.Sum ?? 0))
            {
                throw new ArgumentException(
                    $"{codes[i]}: the respondent rows give {sums[i]} from {answered[i]} answers, the tallies {expected?.Sum ?? 0} from {expected?.Answered ?? 0}.",
                    nameof(respondents));
            }
        }
    }

    private static void WriteSummary(IXLWorksheet sheet, MallWorkbookData data, SkmIndex? index)
    {
        WorkbookCells.Widths(sheet, 50, 34, 14, 14, 14);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Summary_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("Summary_Basis"));
        if (data.Snapshot is { } snapshot)
        {
            sheet.Cell(3, 1).SetText(WorkbookText.Format(snapshot.Provisional ? "Summary_ComputedAtProvisional" : "Summary_ComputedAt", snapshot.ComputedAt));
        }

        var row = 4;
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Mall"), data.MallName);
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Regency"), data.RegencyName);
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Province"), data.ProvinceName);
        row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Period"), data.PeriodCode);

        sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Respondents"));
        sheet.Cell(row++, 2).SetCount(data.Respondents.Count);
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_SampleTarget"));
        if (data.SampleTarget is { } target)
        {
            sheet.Cell(row++, 2).SetCount(target);
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_SampleStatus"), WorkbookIndex.SampleStatus(data.Respondents.Count, target));
        }
        else
        {
            sheet.Cell(row++, 2).SetText(WorkbookText.Get("Summary_NoTarget"));
        }

        if (index is null)
        {
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Converted"), WorkbookText.Get("NoAnswers"));
        }
        else
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Ikm"));
            sheet.Cell(row++, 2).SetNumber(index.Ikm, WorkbookCells.FineFormat);
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Converted"));
            // The rounded value (§2 step 5) is the published figure and the one graded: a cell holding the
            // unrounded value could display differently from its grade in a viewer that rounds binary doubles.
            sheet.Cell(row, 2).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat).Style.Font.Bold = true;
            row++;
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Grade"), index.Grade.ToString());
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Performance"), WorkbookCells.GradeLabel(index.Grade));
        }

        sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Ci"));
        if (data.ConfidenceInterval is { } ci)
        {
            sheet.Cell(row, 2).SetNumber(ci.Low, WorkbookCells.IndexFormat);
            sheet.Cell(row, 3).SetNumber(ci.High, WorkbookCells.IndexFormat);
        }
        else
        {
            sheet.Cell(row, 2).SetText(WorkbookText.Get("Summary_CiUndefined"));
        }

        row++;
        if (data.Change is { } change)
        {
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_PreviousPeriod"), change.PreviousPeriodCode);
            var previous = Grading.Round(change.PreviousConverted);
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_PreviousConverted"));
            sheet.Cell(row++, 2).SetNumber(previous, WorkbookCells.IndexFormat);
            if (index is not null)
            {
                sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_Change"));
                sheet.Cell(row++, 2).SetNumber(index.ConvertedRounded - previous, WorkbookCells.ChangeFormat);
            }

            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_Verdict"), ScoringText.Label(change.Verdict, Indonesian));
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Summary_PValue"));
            sheet.Cell(row++, 2).SetNumberOrBlank(change.PValue, WorkbookCells.PValueFormat);
        }
        else
        {
            row = WorkbookCells.LabelledText(sheet, row, WorkbookText.Get("Summary_PreviousPeriod"), WorkbookText.Get("Summary_NoPrevious"));
        }

        row++;
        if (index is not null)
        {
            sheet.Cell(row++, 1).SetText(WorkbookText.Get("Summary_Lowest")).Style.Font.Bold = true;
            WorkbookCells.Header(sheet, row++, 1, [WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_Nrr"), WorkbookText.Get("Column_NrrConverted"), WorkbookText.Get("Column_Grade")]);
            foreach (var code in index.Lowest)
            {
                var element = index.Elements.First(e => e.Code == code);
                sheet.Cell(row, 1).SetText(code + " " + ScoringText.ElementName(code, Indonesian));
                sheet.Cell(row, 2).SetNumberOrBlank(element.Nrr, WorkbookCells.NrrFormat);
                sheet.Cell(row, 3).SetNumberOrBlank(element.ConvertedRounded, WorkbookCells.IndexFormat);
                sheet.Cell(row, 4).SetText(element.Grade?.ToString());
                row++;
            }

            row++;
            if (!index.IsComplete)
            {
                sheet.Cell(row++, 1).SetText(WorkbookText.Format("Note_Unanswered", string.Join(", ", index.UnansweredElements)));
            }
        }

        // Notes are not wrapped: wrapped rows keep their stored height in most viewers and overlap; a long
        // line simply runs on over the empty cells to its right.
        WriteNotes(sheet, row, WorkbookText.Get("Note_Ci"), WorkbookText.Get("Note_Verdict"));
    }

    /// <summary>The notes every export carries (pooling and the exact weight, §2 decisions), plus any extra ones.</summary>
    internal static int WriteNotes(IXLWorksheet sheet, int row, params string[] extra)
    {
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Notes_Title")).Style.Font.Bold = true;
        foreach (var note in new[] { WorkbookText.PoolingNote, WorkbookText.WeightNote }.Concat(extra))
        {
            sheet.Cell(row++, 1).SetText(note);
        }

        return row;
    }

    /// <summary>
    /// The tabel pengolahan data (skm-method.md §5) in <see cref="PengolahanLayout"/>, so that
    /// <see cref="ScoreFile.ReadXlsx"/> reads it back: header "No. Responden", U1..U9 from column A of
    /// <see cref="PengolahanHeaderRow"/>, one row per respondent, then the summary rows whose first cell is
    /// text (where the reader stops). The summary rows hold numbers computed by the scoring engine, not
    /// formulas: a reader that does not evaluate formulas (ClosedXML, some viewers) would show nothing.
    /// </summary>
    private static void WritePengolahan(IXLWorksheet sheet, MallWorkbookData data, SkmIndex? index)
    {
        var codes = PengolahanLayout.ElementHeaders;
        WorkbookCells.Widths(sheet, [32, .. Enumerable.Repeat(9.0, codes.Count), 11]);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Pengolahan_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Format("Pengolahan_Unit", data.MallName));
        sheet.Cell(3, 1).SetText(WorkbookText.Format("Pengolahan_Period", data.PeriodCode));

        var header = PengolahanHeaderRow;
        WorkbookCells.Header(sheet, header, 1, [PengolahanLayout.NumberHeader, .. codes, WorkbookText.Get("Pengolahan_Total")]);
        sheet.Range(header, 2, header, codes.Count + 2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right; // above their numbers
        sheet.SheetView.FreezeRows(header);

        // The respondent rows go between the header and the summary; RespondentRowsWriter writes them into
        // the saved sheet, far faster than 100,000 ClosedXML cells would be.
        var row = header + 1 + data.Respondents.Count;
        var summaryTop = row;
        var last = codes.Count + 2;
        sheet.Cell(row, 1).SetText(PengolahanLayout.SumRowLabel);
        sheet.Cell(row + 1, 1).SetText(WorkbookText.Get("Pengolahan_AnsweredRow"));
        sheet.Cell(row + 2, 1).SetText(PengolahanLayout.NrrRowLabel);
        sheet.Cell(row + 3, 1).SetText(PengolahanLayout.WeightedNrrRowLabel);
        sheet.Cell(row + 4, 1).SetText(PengolahanLayout.IndexRowLabel);
        sheet.Cell(row + 5, 1).SetText(WorkbookText.Get("Summary_Grade"));
        if (index is not null)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                var element = index.Elements[i];
                sheet.Cell(row, i + 2).SetCount(element.Sum);
                sheet.Cell(row + 1, i + 2).SetCount(element.Answered);
                sheet.Cell(row + 2, i + 2).SetNumberOrBlank(element.Nrr, WorkbookCells.NrrFormat);
                sheet.Cell(row + 3, i + 2).SetNumberOrBlank(element.WeightedNrr, WorkbookCells.FineFormat);
            }

            sheet.Cell(row, last).SetCount(index.Elements.Sum(e => e.Sum));
            // The sum of the weighted NRRs is the IKM (§2 step 3).
            sheet.Cell(row + 3, last).SetNumber(index.Ikm, WorkbookCells.FineFormat);
            // Decision: the rounded IKM konversi (88.61), the published and graded figure (§2 step 5), so
            // that the cell value, its display and its grade can never disagree.
            sheet.Cell(row + 4, 2).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat).Style.Font.Bold = true;
            sheet.Cell(row + 5, 2).SetText(index.Grade.ToString());
            sheet.Cell(row + 5, 3).SetText(WorkbookCells.GradeLabel(index.Grade));
        }
        else
        {
            sheet.Cell(row + 4, 2).SetText(WorkbookText.Get("NoAnswers"));
        }

        sheet.Range(summaryTop, 1, summaryTop + 5, 1).Style.Font.Bold = true;
        sheet.Range(summaryTop, 1, summaryTop + 5, last).Style.Fill.BackgroundColor = XLColor.FromArgb(0xF2, 0xF2, 0xF2);

        row = summaryTop + 7;
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Legend_Title")).Style.Font.Bold = true;
        foreach (var code in codes)
        {
            sheet.Cell(row, 1).SetText(code);
            sheet.Cell(row++, 2).SetText(ScoringText.ElementName(code, Indonesian));
        }

        row++;
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Note_NrrFormula"));
        sheet.Cell(row++, 1).SetText(WorkbookText.Get("Note_IndexFormula"));
        row = WriteNotes(sheet, row);
        WorkbookIndex.WriteGradeTable(sheet, row + 1);
    }

    private static void WriteElements(IXLWorksheet sheet, SkmIndex? index)
    {
        WorkbookCells.Widths(sheet, 8, 40, 13, 12, 10, 14, 11, 8, 14, 14);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Elements_Title"));
        const int header = 3;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Code"), WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_Answered"),
            WorkbookText.Get("Column_Sum"), WorkbookText.Get("Column_Nrr"), WorkbookText.Get("Column_Weighted"),
            WorkbookText.Get("Column_NrrConverted"), WorkbookText.Get("Column_Grade"), WorkbookText.Get("Column_Performance"),
            WorkbookText.Get("Column_LowestRank"),
        ]);

        var row = header + 1;
        if (index is null)
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("NoAnswers"));
            WriteNotes(sheet, row + 2);
            return;
        }

        foreach (var element in index.Elements)
        {
            sheet.Cell(row, 1).SetText(element.Code);
            sheet.Cell(row, 2).SetText(ScoringText.ElementName(element.Code, Indonesian));
            sheet.Cell(row, 3).SetCount(element.Answered);
            sheet.Cell(row, 4).SetCount(element.Sum);
            sheet.Cell(row, 5).SetNumberOrBlank(element.Nrr, WorkbookCells.NrrFormat);
            sheet.Cell(row, 6).SetNumberOrBlank(element.WeightedNrr, WorkbookCells.FineFormat);
            sheet.Cell(row, 7).SetNumberOrBlank(element.ConvertedRounded, WorkbookCells.IndexFormat);
            sheet.Cell(row, 8).SetText(element.Grade?.ToString());
            sheet.Cell(row, 9).SetText(element.Grade is { } grade ? WorkbookCells.GradeLabel(grade) : WorkbookText.Get("NoAnswers"));
            var rank = index.Lowest.ToList().IndexOf(element.Code);
            if (rank >= 0)
            {
                sheet.Cell(row, 10).SetNumber(rank + 1, WorkbookCells.WholeFormat);
            }

            row++;
        }

        sheet.Cell(row, 2).SetText(WorkbookText.Get("Elements_IndexRow"));
        sheet.Cell(row, 6).SetNumber(index.Ikm, WorkbookCells.FineFormat);
        sheet.Cell(row, 7).SetNumber(index.ConvertedRounded, WorkbookCells.IndexFormat);
        sheet.Cell(row, 8).SetText(index.Grade.ToString());
        sheet.Cell(row, 9).SetText(WorkbookCells.GradeLabel(index.Grade));
        sheet.Range(row, 1, row, 10).Style.Font.Bold = true;
        WriteNotes(sheet, row + 2, WorkbookText.Get("Note_LowestRank"));
    }

    private static void WriteServices(IXLWorksheet sheet, IReadOnlyList<AgencyRow> agencies)
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

        WriteNotes(sheet, row + 1, WorkbookText.Get("Note_SampleTarget"));
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

    private static void WriteTrend(IXLWorksheet sheet, IReadOnlyList<TrendPoint> trend)
    {
        WorkbookCells.Widths(sheet, 12, 12, 8, 13, 13, 12, 30);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Trend_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get(trend.Count > 0 ? "Trend_ChartNote" : "Trend_Empty"));
        var header = TrendHeaderRow;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Period"), WorkbookText.Get("Column_Converted"), WorkbookText.Get("Column_Grade"),
            WorkbookText.Get("Column_CiLow"), WorkbookText.Get("Column_CiHigh"), WorkbookText.Get("Column_Respondents"),
            WorkbookText.Get("Column_ChangeVerdict"),
        ]);

        var row = header + 1;
        foreach (var point in trend)
        {
            var rounded = Grading.Round(point.Converted);
            sheet.Cell(row, 1).SetText(point.PeriodCode);
            sheet.Cell(row, 2).SetNumber(rounded, WorkbookCells.IndexFormat);
            sheet.Cell(row, 3).SetText(Grading.OfRounded(rounded).ToString());
            sheet.Cell(row, 4).SetNumberOrBlank(point.CiLow, WorkbookCells.IndexFormat);
            sheet.Cell(row, 5).SetNumberOrBlank(point.CiHigh, WorkbookCells.IndexFormat);
            sheet.Cell(row, 6).SetCount(point.Respondents);
            sheet.Cell(row, 7).SetText(point.Verdict is { } verdict ? ScoringText.Label(verdict, Indonesian) : string.Empty);
            row++;
        }

        row++;
        sheet.Cell(row, 1).SetText(WorkbookText.Get("Trend_Slope")).Style.Font.Bold = true;
        if (FitTrend(trend) is { } fit)
        {
            // Values in column E: the labels run on over the empty cells B..D (column A is narrow, for periods).
            const int valueColumn = 5;
            sheet.Cell(row + 1, 1).SetText(WorkbookText.Get("Trend_SlopeValue"));
            sheet.Cell(row + 1, valueColumn).SetNumber(fit.Slope, WorkbookCells.ChangeFormat);
            sheet.Cell(row + 2, 1).SetText(WorkbookText.Get("Summary_PValue"));
            sheet.Cell(row + 2, valueColumn).SetNumberOrBlank(fit.PValue, WorkbookCells.PValueFormat);
            sheet.Cell(row + 3, 1).SetText(WorkbookText.Get("Summary_Verdict"));
            sheet.Cell(row + 3, valueColumn).SetText(ScoringText.Label(fit.Verdict(), Indonesian));
        }
        else
        {
            sheet.Cell(row + 1, 1).SetText(WorkbookText.Get("Trend_TooFew"));
        }
    }

    /// <summary>
    /// The least-squares trend of skm-method.md §6, on the rounded published values. Periods are placed
    /// by their calendar position when all codes parse and share a kind, so a skipped semester counts as a
    /// gap; otherwise they are taken as consecutive.
    /// </summary>
    private static TrendFit? FitTrend(IReadOnlyList<TrendPoint> trend)
    {
        if (trend.Count < 2)
        {
            return null;
        }

        var periods = trend.Select(p => Period.TryParse(p.PeriodCode, out var period) ? period : null).ToList();
        var calendar = periods.All(p => p is not null) && periods.Select(p => p!.Kind).Distinct().Count() == 1;
        var points = trend.Select((p, i) => (
                Period: calendar ? (double)CalendarPosition(periods[i]!) : i,
                Value: (double)Grading.Round(p.Converted)))
            .ToList();
        return points.Select(p => p.Period).Distinct().Count() < 2 ? null : TrendSlope.Fit(points);
    }

    private static int CalendarPosition(Period period)
    {
        var months = period.Kind switch
        {
            PeriodKind.Semester => 6,
            PeriodKind.Quarter => 3,
            _ => 12,
        };
        return (period.StartsOn.Year * 12 + period.StartsOn.Month - 1) / months;
    }

    private static void WriteProfile(IXLWorksheet sheet, RespondentProfile profile)
    {
        WorkbookCells.Widths(sheet, 30, 12, 12);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Profile_Title"));
        var row = 3;
        foreach (var (key, counts) in new[]
                 {
                     ("Profile_Gender", profile.Gender), ("Profile_Age", profile.AgeBands),
                     ("Profile_Education", profile.Education), ("Profile_Occupation", profile.Occupation),
                 })
        {
            sheet.Cell(row++, 1).SetText(WorkbookText.Get(key)).Style.Font.Bold = true;
            WorkbookCells.Header(sheet, row++, 1, [WorkbookText.Get("Column_Category"), WorkbookText.Get("Column_Count"), WorkbookText.Get("Column_Share")]);
            var total = counts.Sum(c => c.Count);
            foreach (var count in counts)
            {
                sheet.Cell(row, 1).SetText(count.Label);
                sheet.Cell(row, 2).SetCount(count.Count);
                if (total > 0)
                {
                    sheet.Cell(row, 3).SetNumber((double)count.Count / total, WorkbookCells.PercentFormat);
                }

                row++;
            }

            sheet.Cell(row, 1).SetText(WorkbookText.Get("Profile_Total")).Style.Font.Bold = true;
            sheet.Cell(row, 2).SetCount(total).Style.Font.Bold = true;
            row += 2;
        }
    }

    private static void WriteSuggestions(IXLWorksheet sheet, IReadOnlyList<SuggestionRow> suggestions)
    {
        WorkbookCells.Widths(sheet, 6, 12, 32, 90);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("Suggestions_Title"));
        const int header = 3;
        WorkbookCells.Header(sheet, header, 1, [WorkbookText.Get("Column_Number"), WorkbookText.Get("Column_Date"), WorkbookText.Get("Column_Service"), WorkbookText.Get("Column_Suggestion")]);
        sheet.SheetView.FreezeRows(header);

        // Column styles, set before the cells exist, are inherited by them: far cheaper than a style per cell.
        sheet.Column(2).Style.NumberFormat.Format = WorkbookCells.DateFormat;
        sheet.Column(4).Style.Alignment.WrapText = true;

        var row = header + 1;
        foreach (var suggestion in suggestions)
        {
            sheet.Cell(row, 1).SetValue(row - header);
            sheet.Cell(row, 2).SetValue(suggestion.Date.ToDateTime(TimeOnly.MinValue));
            sheet.Cell(row, 3).SetText(suggestion.ServiceName);
            // Visitor text: always an inert string cell (WorkbookCells.SetText).
            sheet.Cell(row, 4).SetText(suggestion.Text);
            row++;
        }

        if (suggestions.Count == 0)
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("Suggestions_Empty"));
        }
        else
        {
            sheet.Range(header, 1, row - 1, 4).SetAutoFilter();
        }
    }

    private static void WriteFollowUps(IXLWorksheet sheet, IReadOnlyList<FollowUpRow> followUps, SkmIndex? index)
    {
        WorkbookCells.Widths(sheet, 8, 30, 12, 12, 50, 16, 24, 16, 40);
        WorkbookCells.Title(sheet, 1, WorkbookText.Get("FollowUp_Title"));
        sheet.Cell(2, 1).SetText(WorkbookText.Get("FollowUp_Note"));
        const int header = 4;
        WorkbookCells.Header(sheet, header, 1,
        [
            WorkbookText.Get("Column_Code"), WorkbookText.Get("Column_Element"), WorkbookText.Get("Column_NrrConverted"),
            WorkbookText.Get("Column_LowestRank"), WorkbookText.Get("Column_Action"), WorkbookText.Get("Column_Timeline"),
            WorkbookText.Get("Column_PersonInCharge"), WorkbookText.Get("Column_Status"), WorkbookText.Get("Column_Evidence"),
        ]);
        sheet.Columns(5, 9).Style.Alignment.WrapText = true;

        var row = header + 1;
        foreach (var followUp in followUps)
        {
            var element = index?.Elements.FirstOrDefault(e => e.Code == followUp.ElementCode);
            sheet.Cell(row, 1).SetText(followUp.ElementCode);
            sheet.Cell(row, 2).SetText(ScoringText.ElementName(followUp.ElementCode, Indonesian));
            sheet.Cell(row, 3).SetNumberOrBlank(element?.ConvertedRounded, WorkbookCells.IndexFormat);
            var rank = index?.Lowest.ToList().IndexOf(followUp.ElementCode) ?? -1;
            if (rank >= 0)
            {
                sheet.Cell(row, 4).SetNumber(rank + 1, WorkbookCells.WholeFormat);
            }

            sheet.Cell(row, 5).SetText(followUp.Action);
            sheet.Cell(row, 6).SetText(followUp.Timeline);
            sheet.Cell(row, 7).SetText(followUp.PersonInCharge);
            sheet.Cell(row, 8).SetText(followUp.Status);
            sheet.Cell(row, 9).SetText(followUp.EvidenceNote);
            row++;
        }

        if (followUps.Count == 0)
        {
            sheet.Cell(row, 1).SetText(WorkbookText.Get("FollowUp_Empty"));
        }
    }
}
