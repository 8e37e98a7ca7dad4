namespace MppSurvey.Core.Scoring;

/// <summary>The nine SKM element codes in canonical code order (docs/method.md, The nine elements).</summary>
public static class SkmElements
{
    /// <summary>
    /// U1..U9 in code order. The questionnaire asks U9 before U8 (§1); display order is the
    /// template's business, computation and exports use this order.
    /// </summary>
    public static IReadOnlyList<string> Codes { get; } = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"];
}
