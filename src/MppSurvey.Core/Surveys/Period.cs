using System.Globalization;
using System.Text.RegularExpressions;

namespace MppSurvey.Core.Surveys;

public enum PeriodKind
{
    Semester = 1,
    Quarter = 2,
    Year = 3,
}

/// <summary>
/// A reporting period: `2025-S2` (July-December), `2025-Q3`, or `2025` (docs/method.md, Periods).
/// Semester is the default because the minister asked for a survey every six months.
/// </summary>
public sealed partial class Period
{
    public required string Code { get; init; }
    public PeriodKind Kind { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }

    // ASCII digits only and no trailing line break: \d and $ would let "20٢٦" or "2026\n" through to int.Parse and the database.
    [GeneratedRegex(@"^(?<year>20[0-9][0-9])(-(?<kind>[SQ])(?<n>[0-9]))?\z")]
    private static partial Regex CodePattern();

    public static bool TryParse(string? code, out Period period)
    {
        period = null!;
        var match = CodePattern().Match(code ?? "");
        if (!match.Success)
        {
            return false;
        }
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (!match.Groups["kind"].Success)
        {
            period = new Period { Code = code!, Kind = PeriodKind.Year, StartsOn = new DateOnly(year, 1, 1), EndsOn = new DateOnly(year, 12, 31) };
            return true;
        }
        var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var (kind, months) = match.Groups["kind"].Value == "S" ? (PeriodKind.Semester, 6) : (PeriodKind.Quarter, 3);
        if (n < 1 || n > 12 / months)
        {
            return false;
        }
        var start = new DateOnly(year, (n - 1) * months + 1, 1);
        period = new Period { Code = code!, Kind = kind, StartsOn = start, EndsOn = start.AddMonths(months).AddDays(-1) };
        return true;
    }

    public static Period Parse(string code) =>
        TryParse(code, out var period) ? period : throw new FormatException($"'{code}' is not a period code such as 2025-S2, 2025-Q3 or 2025.");

    /// <summary>The period of a kind that contains a local date.</summary>
    public static Period Containing(DateOnly date, PeriodKind kind) => kind switch
    {
        PeriodKind.Semester => Parse(string.Create(CultureInfo.InvariantCulture, $"{date.Year}-S{(date.Month <= 6 ? 1 : 2)}")),
        PeriodKind.Quarter => Parse(string.Create(CultureInfo.InvariantCulture, $"{date.Year}-Q{(date.Month + 2) / 3}")),
        _ => Parse(date.Year.ToString(CultureInfo.InvariantCulture)),
    };

    public bool Contains(DateOnly date) => date >= StartsOn && date <= EndsOn;

    /// <summary>The period of the same kind just before this one (for "change against the previous period").</summary>
    public Period Previous() => Containing(StartsOn.AddDays(-1), Kind);
}
