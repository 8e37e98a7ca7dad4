namespace MppSurvey.Core.Scoring;

/// <summary>A score file that cannot be used; the message names the row and column when there is one.</summary>
public sealed class ScoreFileException : Exception
{
    public ScoreFileException()
    {
    }

    public ScoreFileException(string message)
        : base(message)
    {
    }

    public ScoreFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScoreFileException(string message, int? row, string? column)
        : base(message)
    {
        Row = row;
        Column = column;
    }

    /// <param name="problem">What is wrong, as a stable key (OutOfRange, MissingColumn, ...): callers word it in their own language.</param>
    /// <param name="value">The offending cell text or value, or the sheet name; never part of the location.</param>
    public ScoreFileException(string message, string problem, int? row, string? column, string? value, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
        Row = row;
        Column = column;
        Value = value;
    }

    /// <summary>
    /// The kind of problem (the scoring text key without its "Error_" prefix), so a caller can compose
    /// its own message from <see cref="Row"/>, <see cref="Column"/> and <see cref="Value"/> instead of
    /// wrapping <see cref="Exception.Message"/>, which already names the location.
    /// </summary>
    public string? Problem { get; }

    public string? Value { get; }

    /// <summary>1-based row of the problem, if it has one.</summary>
    public int? Row { get; }

    /// <summary>Element column (U1..U9) of the problem, if it has one.</summary>
    public string? Column { get; }
}
