using System.Globalization;
using System.Resources;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Reporting.Workbooks;

/// <summary>
/// The workbooks' labels, in WorkbookText.resx (Indonesian: the exports are official report documents in
/// the regulation's vocabulary, whatever the UI language of the person who downloads them).
/// </summary>
public static class WorkbookText
{
    private static readonly ResourceManager Resources = new("MppSurvey.Core.Reporting.Workbooks.WorkbookText", typeof(WorkbookText).Assembly);

    /// <summary>A label by key.</summary>
    public static string Get(string key) =>
        Resources.GetString(key, ScoringText.Indonesian) ?? throw new InvalidOperationException($"Missing workbook text '{key}'.");

    /// <summary>A label with placeholders. Only whole numbers go into labels: decimals belong in number cells.</summary>
    public static string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(key), args);

    /// <summary>The note every export carries (docs/method.md, Pooling above the service): pooled respondents, not a mean of indices.</summary>
    public static string PoolingNote => Get("Note_Pooling");

    /// <summary>The note every export carries (docs/method.md, The index, step 2): the weight is exactly 1/9.</summary>
    public static string WeightNote => Get("Note_Weight");
}
