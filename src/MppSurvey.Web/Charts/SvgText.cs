using System.Globalization;
using System.Net;

namespace MppSurvey.Web.Charts;

/// <summary>
/// Shared helpers of the server-rendered charts. SVG attributes need a decimal point whatever the
/// page culture (an Indonesian comma would break every coordinate), and every text is escaped.
/// </summary>
internal static class SvgText
{
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);
}
