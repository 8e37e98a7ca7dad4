using System.Globalization;
using System.Text;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Web.Charts;

/// <summary>
/// The grade bands of the converted index (mutu pelayanan A-D, docs/method.md "Grades") shaded
/// behind a chart, so a reader sees at once which grade a value sits in. Bounds come from
/// <see cref="Grading"/>, never a copy of them.
/// </summary>
internal static class GradeBands
{
    /// <summary>Each grade's [low, high) range on the 25-100 scale, best first.</summary>
    public static readonly IReadOnlyList<(string Grade, double Low, double High)> Ranges =
    [
        ("A", (double)Grading.LowestA, 100),
        ("B", (double)Grading.LowestB, (double)Grading.LowestA),
        ("C", (double)Grading.LowestC, (double)Grading.LowestB),
        ("D", 25, (double)Grading.LowestC),
    ];

    /// <summary>
    /// Appends a shaded rectangle per grade visible between <paramref name="min"/> and <paramref name="max"/>,
    /// with the grade letter in the margin. <paramref name="horizontal"/>: the value runs along x (bars), else along y (trend).
    /// </summary>
    public static void Append(StringBuilder sb, double min, double max, Func<double, double> at, bool horizontal, double from, double to, double labelAt)
    {
        foreach (var (grade, low, high) in Ranges)
        {
            var lo = Math.Max(low, min);
            var hi = Math.Min(high, max);
            if (hi <= lo)
            {
                continue;
            }
            var (a, b) = (at(lo), at(hi));
            var mid = SvgText.N((a + b) / 2);
            if (horizontal)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"grade grade-{grade}\" x=\"{SvgText.N(Math.Min(a, b))}\" y=\"{SvgText.N(from)}\" width=\"{SvgText.N(Math.Abs(b - a))}\" height=\"{SvgText.N(to - from)}\"/>");
                if (Math.Abs(b - a) >= 12)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<text class=\"grade-label\" x=\"{mid}\" y=\"{SvgText.N(labelAt)}\" text-anchor=\"middle\">{grade}</text>");
                }
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"grade grade-{grade}\" x=\"{SvgText.N(from)}\" y=\"{SvgText.N(Math.Min(a, b))}\" width=\"{SvgText.N(to - from)}\" height=\"{SvgText.N(Math.Abs(b - a))}\"/>");
                if (Math.Abs(b - a) >= 12)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<text class=\"grade-label\" x=\"{SvgText.N(labelAt)}\" y=\"{SvgText.N((a + b) / 2 + 4)}\" text-anchor=\"start\">{grade}</text>");
                }
            }
        }
    }

    /// <summary>
    /// A zoomed axis around the values: a margin of a tenth of their spread (at least 1 point), ticks
    /// of 1, 2, 5 or 10 so there are at most eight, never beyond the 25-100 scale, at least 5 points wide.
    /// </summary>
    public static (double Min, double Max, double Step) Axis(double low, double high)
    {
        var margin = Math.Max(1, (high - low) / 10);
        low -= margin;
        high += margin;
        if (high - low < 5)
        {
            var mid = (low + high) / 2;
            (low, high) = (mid - 2.5, mid + 2.5);
        }
        var step = new[] { 1.0, 2, 5, 10, 25 }.First(s => (high - low) / s <= 8);
        var min = Math.Max(25, Math.Floor(low / step) * step);
        var max = Math.Min(100, Math.Ceiling(high / step) * step);
        return (min, max, step);
    }
}
