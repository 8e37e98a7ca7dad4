namespace MppSurvey.Core.Scoring;

/// <summary>
/// The sufficient statistics of one element for one unit and period: how many respondents answered
/// it and the sum of their answers (docs/method.md, The index, step 1). A database computes these with
/// <c>GROUP BY element</c>; blank answers are simply not counted, never counted as 0.
/// </summary>
/// <param name="Code">The element's stable code (U1..U9 for SKM), never its position (§1).</param>
/// <param name="Answered">Respondents who gave this element an answer.</param>
/// <param name="Sum">Sum of those answers.</param>
public readonly record struct ElementTally(string Code, long Answered, long Sum);
