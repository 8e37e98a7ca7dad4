using System.Text.RegularExpressions;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>How a sheet goes onto A4 paper: orientation, and whether it is fitted to the page width.</summary>
/// <param name="Landscape">Landscape rather than portrait.</param>
/// <param name="FitToWidth">One page wide (FitToPages(1, 0)); otherwise printed at <paramref name="Scale"/> and split by columns.</param>
/// <param name="Scale">The print scale in percent: what fitting to the width would give, or the fixed scale of a split sheet.</param>
internal sealed record PrintPlan(bool Landscape, bool FitToWidth, int Scale)
{
    /// <summary>The size on paper of the sheets' 11-point body text.</summary>
    public double PrintedFontPoints => WorkbookPrint.BodyFontPoints * Scale / 100.0;
}

/// <summary>
/// The print setup of every sheet of the workbooks (printable exports): A4, narrow margins, the header row
/// repeated on every page (the sheet's print titles), the MPP or scope and the period in the page header,
/// and "Halaman n dari N" in the footer.
/// </summary>
/// <remarks>
/// Legibility rule (decision): a sheet is fitted to the page width only while its 11-point text still
/// prints at 8 points or more. A wider sheet (the national table of every MPP) keeps a scale that prints
/// 8 points and is split across pages by columns, with its identifying first columns repeated at the left
/// of every page, rather than shrunk to an unreadable 5 points. The width estimate is deliberately generous:
/// one column unit is a digit of the default font (7 pixels, 5.25 points at 100%) plus Excel's padding of
/// 5 pixels per column, and LibreOffice measured here (with Calibri's metric twin Carlito) about 6 points
/// per unit; 6 points per unit keeps the 8-point promise in both.
/// </remarks>
internal static class WorkbookPrint
{
    /// <summary>The workbooks' default font size.</summary>
    public const double BodyFontPoints = 11;

    /// <summary>The smallest printed text that stays readable on paper held at arm's length.</summary>
    public const double MinimumPrintedPoints = 8;

    /// <summary>Excel's "narrow" margins: 0.25 inch left and right, 0.75 top and bottom, 0.3 for header and footer.</summary>
    private const double SideMarginInches = 0.25;

    private const double PointsPerColumnUnit = 6.0;

    private const double A4ShortPoints = 595.3;

    private const double A4LongPoints = 841.9;

    /// <summary>
    /// Below this fitted scale a portrait page turns landscape: a barely shrunk portrait page reads as well
    /// as a landscape one, a more shrunk one does not.
    /// </summary>
    private const double PortraitMinimumScale = 0.9;

    /// <summary>The smallest whole percentage that prints the body text at <see cref="MinimumPrintedPoints"/>.</summary>
    public static int MinimumScale => (int)Math.Ceiling(MinimumPrintedPoints / BodyFontPoints * 100);

    /// <summary>The plan for a sheet whose columns have these widths (Excel units).</summary>
    public static PrintPlan Plan(IEnumerable<double> columnWidths)
    {
        var points = columnWidths.Sum() * PointsPerColumnUnit;
        var sides = 2 * SideMarginInches * 72;
        var portrait = Math.Min(1, (A4ShortPoints - sides) / points);
        if (portrait >= PortraitMinimumScale)
        {
            return new PrintPlan(false, true, (int)Math.Floor(portrait * 100));
        }

        var landscape = Math.Min(1, (A4LongPoints - sides) / points);
        var fitted = (int)Math.Floor(landscape * 100);
        return fitted >= MinimumScale
            ? new PrintPlan(true, true, fitted)
            : new PrintPlan(true, false, MinimumScale);
    }

    /// <summary>
    /// Sets up <paramref name="sheet"/> for printing from its column widths (so call it after they are set).
    /// </summary>
    /// <param name="sheet">The sheet.</param>
    /// <param name="headerRow">The row repeated at the top of every page: the table's header, or the title on a sheet without a table.</param>
    /// <param name="scope">The MPP (or "all MPPs") named in the page header.</param>
    /// <param name="periodCode">The period named in the page header.</param>
    /// <param name="identifyingColumns">How many first columns name a row; repeated at the left when the sheet is split by columns.</param>
    public static PrintPlan Apply(IXLWorksheet sheet, int headerRow, string scope, string periodCode, int identifyingColumns = 1)
    {
        var lastColumn = Math.Max(sheet.LastColumnUsed()?.ColumnNumber() ?? 1, identifyingColumns);
        var plan = Plan(Enumerable.Range(1, lastColumn).Select(c => sheet.Column(c).Width));

        // The print area ends at the last column: a long note in column A would otherwise widen the printed
        // area by its overflow (LibreOffice fits that whole width to the page and prints everything at 5 pt).
        var lastRow = sheet.LastRowUsed()?.RowNumber() ?? 1;
        WrapNotes(sheet, lastColumn);
        var setup = sheet.PageSetup;
        setup.PrintAreas.Clear();
        setup.PrintAreas.Add(1, 1, Math.Max(lastRow, headerRow), lastColumn);
        setup.PaperSize = XLPaperSize.A4Paper;
        setup.PageOrientation = plan.Landscape ? XLPageOrientation.Landscape : XLPageOrientation.Portrait;
        if (plan.FitToWidth)
        {
            setup.FitToPages(1, 0);
        }
        else
        {
            setup.Scale = plan.Scale;
            setup.SetColumnsToRepeatAtLeft(1, identifyingColumns);
            setup.PageOrder = XLPageOrderValues.OverThenDown; // a row's continuation follows it, page by page
        }

        setup.Margins.SetLeft(SideMarginInches).SetRight(SideMarginInches).SetTop(0.75).SetBottom(0.75).SetHeader(0.3).SetFooter(0.3);
        setup.SetRowsToRepeatAtTop(headerRow, headerRow);

        // Header and footer codes: &L/&R position, &P page, &N pages; a literal '&' is written '&&'.
        setup.Header.Left.AddText(Escape(scope));
        setup.Header.Right.AddText(Escape(WorkbookText.Format("Print_Header_Period", periodCode)));
        setup.Footer.Center.AddText(WorkbookText.Format("Print_Footer_Page", "&P", "&N"));
        return plan;
    }

    /// <summary>
    /// A text alone in its row that is wider than the sheet's columns (a note) is merged across the printed
    /// columns and wrapped, with the row tall enough for its lines, so that it prints whole inside the page.
    /// </summary>
    private static void WrapNotes(IXLWorksheet sheet, int lastColumn)
    {
        var width = Enumerable.Range(1, lastColumn).Sum(c => sheet.Column(c).Width);
        foreach (var cell in sheet.Column(1).CellsUsed().ToList())
        {
            var row = cell.Address.RowNumber;
            if (cell.DataType != XLDataType.Text || cell.HasFormula || lastColumn < 2 || cell.IsMerged()
                || sheet.Row(row).CellsUsed().Any(c => c.Address.ColumnNumber > 1))
            {
                continue;
            }

            var text = cell.GetString();
            var fontScale = cell.Style.Font.FontSize / BodyFontPoints;
            var lines = (int)Math.Ceiling(text.Length * fontScale * 1.1 / Math.Max(1, width - 1));
            if (lines <= 1)
            {
                continue;
            }

            sheet.Range(row, 1, row, lastColumn).Merge();
            cell.Style.Alignment.WrapText = true;
            cell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            sheet.Row(row).Height = 15 * fontScale * lines;
        }
    }

    /// <summary>
    /// Makes the saved print titles absolute ('Tren'!$4:$4, 'Seluruh MPP'!$A:$E). ClosedXML 0.95.4 writes
    /// them relative ('Tren'!4:4), which Excel itself never writes: a relative reference in a defined name
    /// moves with the cell it is evaluated from.
    /// </summary>
    public static void MakePrintTitlesAbsolute(SpreadsheetDocument document)
    {
        var names = document.WorkbookPart?.Workbook.DefinedNames?.Elements<DefinedName>() ?? [];
        foreach (var name in names.Where(n => n.Name?.Value == "_xlnm.Print_Titles"))
        {
            name.Text = Regex.Replace(name.Text, @"!\$?([A-Z]+|[0-9]+):\$?([A-Z]+|[0-9]+)", "!$$$1:$$$2", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Doubles '&amp;' (a header code otherwise) and keeps the text within Excel's 255 characters per header.</summary>
    private static string Escape(string text)
    {
        var escaped = WorkbookCells.Clean(text).Replace("&", "&&", StringComparison.Ordinal);
        return escaped.Length <= 100 ? escaped : escaped[..100].TrimEnd('&');
    }
}
