using System.Text.RegularExpressions;

namespace MppSurvey.Core.Themes;

/// <summary>
/// Hides what could identify a person before a suggestion is quoted (the citizens' voice: example
/// quotes, integrity alert e-mails): e-mail addresses, phone numbers, and digit runs as long as an
/// NIK (16 digits) or a KK number. Visitors are anonymous; some still write their number into the box.
/// The stored suggestion is left as it was; only what is shown or sent is masked.
/// </summary>
public static partial class SuggestionMask
{
    public const string Mask = "[disamarkan]";

    public static string Apply(string text)
    {
        try
        {
            var masked = Email().Replace(text, Mask);
            masked = Phone().Replace(masked, Mask);
            return LongDigits().Replace(masked, Mask);
        }
        catch (RegexMatchTimeoutException)
        {
            // The patterns' time limit was hit (on a loaded machine a short text can take that long):
            // the whole text is hidden rather than shown unmasked, and the page, workbook or report
            // that quotes it is still made.
            return Mask;
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+\s*(@|\(at\)|\[at\])\s*[\p{L}\p{N}-]+(\s*(\.|\(dot\)|\[dot\])\s*[\p{L}\p{N}-]+)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex Email();

    // Indonesian mobile and fixed numbers as people write them: +62 / 62 / 0, then 8-13 more digits
    // with optional spaces, dots or dashes between groups ("0812-3456-7890", "+62 812 3456 7890").
    [GeneratedRegex(@"(?<![\d(])\(?(\+?62|0)[\s.\-]?\(?\d{2,4}\)?([\s.\-]?\d{2,5}){2,4}(?!\d)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Phone();

    // An NIK has 16 digits; any run of 9 or more digits (account numbers, KK, NIK with spaces) is masked.
    [GeneratedRegex(@"(?<!\d)\d(?:[\s.\-]?\d){8,}(?!\d)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex LongDigits();
}
