namespace MppSurvey.Core.Scoring;

/// <summary>
/// One respondent's answers by element code, for in-memory scoring (the score tool, tests). A code
/// that is absent is a blank answer (docs/method.md, The index, step 1).
/// </summary>
public sealed class Respondent
{
    public Respondent(IReadOnlyDictionary<string, int> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        Answers = answers;
    }

    public IReadOnlyDictionary<string, int> Answers { get; }

    /// <summary>An SKM respondent from answers in code order U1..U9; null is a blank.</summary>
    public static Respondent Skm(params int?[] answersInCodeOrder)
    {
        ArgumentNullException.ThrowIfNull(answersInCodeOrder);
        if (answersInCodeOrder.Length != SkmElements.Codes.Count)
        {
            throw new ArgumentException($"An SKM respondent has {SkmElements.Codes.Count} answers (U1..U9), not {answersInCodeOrder.Length}.", nameof(answersInCodeOrder));
        }

        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < answersInCodeOrder.Length; i++)
        {
            if (answersInCodeOrder[i] is { } answer)
            {
                answers[SkmElements.Codes[i]] = answer;
            }
        }

        return new Respondent(answers);
    }
}
