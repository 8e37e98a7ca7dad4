using MppSurvey.Core.Scoring;

namespace MppSurvey.UnitTests.Scoring;

/// <summary>The worked example of docs/method.md (Worked example): 10 respondents, answers in code order U1..U9.</summary>
internal static class WorkedExample
{
    public static readonly int[][] Answers =
    [
        [4, 4, 4, 4, 4, 4, 4, 3, 4], // R1
        [4, 3, 3, 4, 4, 4, 4, 4, 3], // R2
        [3, 4, 3, 4, 3, 4, 4, 3, 4], // R3
        [3, 3, 2, 4, 3, 3, 3, 3, 1], // R4
        [4, 4, 4, 4, 4, 4, 4, 4, 4], // R5
        [4, 3, 3, 4, 4, 3, 4, 2, 4], // R6
        [4, 4, 4, 4, 3, 4, 4, 4, 3], // R7
        [3, 3, 3, 4, 4, 4, 4, 3, 4], // R8
        [3, 3, 2, 4, 3, 3, 3, 3, 3], // R9
        [4, 4, 3, 4, 4, 4, 4, 3, 4], // R10
    ];

    public static IReadOnlyList<Respondent> Respondents() =>
        Answers.Select(row => Respondent.Skm(row.Select(a => (int?)a).ToArray())).ToList();

    /// <summary>The example with R10's U4 left blank (§3).</summary>
    public static IReadOnlyList<Respondent> RespondentsWithR10U4Blank()
    {
        var rows = Answers.Select(row => row.Select(a => (int?)a).ToArray()).ToList();
        rows[9][3] = null;
        return rows.Select(Respondent.Skm).ToList();
    }

    /// <summary>The example as CSV with a header row, plus columns the reader must ignore.</summary>
    public static string Csv(char separator = ',')
    {
        var lines = new List<string> { string.Join(separator, new[] { "No", "Tanggal" }.Concat(SkmElements.Codes).Append("Saran")) };
        for (var i = 0; i < Answers.Length; i++)
        {
            lines.Add(string.Join(separator, new[] { (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "2025-08-01" }
                .Concat(Answers[i].Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append("\"pelayanan cepat" + separator + " terima kasih\"")));
        }

        return string.Join("\n", lines) + "\n";
    }
}
