using System.Globalization;
using System.Net;

namespace MppSurvey.Core.Reporting.Charts;

/// <summary>
/// Helpers of the charts drawn for both the pages and the exports. SVG attributes need a decimal point
/// whatever the culture (an Indonesian comma would break every coordinate), and every text is escaped.
/// </summary>
internal static class ChartText
{
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);
}
