using System.Globalization;
using System.Resources;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.SemesterReport;

/// <summary>
/// The semester report's text, in ReportText.resx. Indonesian only: the report is an official document
/// of the regency in the regulation's vocabulary (as the workbooks are), and no MPP has a language
/// setting that would ask for another.
/// </summary>
internal static class ReportText
{
    private static readonly ResourceManager Resources = new("MppSurvey.Core.Reporting.SemesterReport.ReportText", typeof(ReportText).Assembly);

    internal static CultureInfo Culture => ScoringText.Indonesian;

    internal static string Get(string key) =>
        Resources.GetString(key, Culture) ?? throw new InvalidOperationException($"Missing report text '{key}'.");

    internal static string Format(string key, params object?[] args) =>
        string.Format(Culture, Get(key), args);

    /// <summary>A figure with two decimals as the dashboard shows it in Indonesian ("82,45").</summary>
    internal static string Number(decimal value) => value.ToString("0.00", Culture);

    internal static string Number(double value) => value.ToString("0.00", Culture);

    /// <summary>An NRR on 1-4 with three decimals, as the workbook's element sheet shows it.</summary>
    internal static string Nrr(decimal value) => value.ToString("0.000", Culture);

    internal static string Count(long value) => value.ToString("N0", Culture);

    internal static string Date(DateOnly date) => date.ToString("d MMMM yyyy", Culture);
}
