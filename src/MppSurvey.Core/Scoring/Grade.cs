using System.Globalization;

namespace MppSurvey.Core.Scoring;

/// <summary>Service quality grade (mutu pelayanan) of docs/method.md, Rounding and grades.</summary>
public enum Grade
{
    /// <summary>Sangat Baik, converted 88.31 - 100.00.</summary>
    A,

    /// <summary>Baik, converted 76.61 - 88.30.</summary>
    B,

    /// <summary>Kurang Baik, converted 65.00 - 76.60.</summary>
    C,

    /// <summary>Tidak Baik, converted 25.00 - 64.99.</summary>
    D,
}

/// <summary>Rounding and grading of a converted index (docs/method.md, Rounding and grades).</summary>
public static class Grading
{
    /// <summary>The lowest converted value of each grade: public so charts can shade the grade bands from the same bounds.</summary>
    public const decimal LowestA = 88.31m;
    public const decimal LowestB = 76.61m;
    public const decimal LowestC = 65.00m;

    /// <summary>
    /// §2 step 5: round to 2 decimals half away from zero; the default banker's rounding would turn
    /// 87.725 into 87.72 and disagree with every spreadsheet.
    /// </summary>
    public static decimal Round(decimal converted) => Math.Round(converted, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// §2 step 5: the converted bounds are primary and apply to the rounded value, so 88.305 is A
    /// and 88.304 is B (the IKM column of the table is derived and has gaps).
    /// </summary>
    public static Grade Of(decimal converted) => OfRounded(Round(converted));

    /// <summary>Grades a value already rounded to 2 decimals.</summary>
    public static Grade OfRounded(decimal roundedConverted) => roundedConverted switch
    {
        >= LowestA => Grade.A,
        >= LowestB => Grade.B,
        >= LowestC => Grade.C,
        _ => Grade.D,
    };

    /// <summary>The performance label (kinerja unit pelayanan) in the given UI culture (Indonesian unless English).</summary>
    public static string Label(Grade grade, CultureInfo culture) =>
        ScoringText.Get("Grade_" + grade.ToString(), culture);
}
