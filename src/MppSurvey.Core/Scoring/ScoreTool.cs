using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MppSurvey.Core.Scoring;

/// <summary>
/// <c>./run score FILE [--json] [--populasi N]</c>: the SKM index of a spreadsheet without any database
/// (capability: scoring a spreadsheet by hand). Output is Indonesian; every number is written with a decimal point (invariant culture)
/// so that it reads the same in a terminal, a log and a test, and matches the JSON.
/// </summary>
public static class ScoreTool
{
    /// <summary>Success.</summary>
    public const int ExitOk = 0;

    /// <summary>The file cannot be read or holds invalid data (the message names row and column).</summary>
    public const int ExitBadFile = 1;

    /// <summary>Wrong command line.</summary>
    public const int ExitUsage = 2;

    private static readonly CultureInfo Id = ScoringText.Indonesian;
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        string? path = null;
        var json = false;
        long? population = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "-h" or "--help":
                    stdout.WriteLine(ScoringText.Get("Tool_Usage", Id));
                    return ExitOk;
                case "--populasi" or "--population":
                    if (i + 1 >= args.Length || !long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        return UsageError(stderr, ScoringText.Format("Error_Population", Id, i + 1 < args.Length ? args[i + 1] : string.Empty));
                    }

                    population = n;
                    i++;
                    break;
                case var option when option.StartsWith('-') && option.Length > 1:
                    return UsageError(stderr, ScoringText.Format("Error_UnknownOption", Id, option));
                case var file when path is null:
                    path = file;
                    break;
                default:
                    return UsageError(stderr, ScoringText.Format("Error_UnknownOption", Id, args[i]));
            }
        }

        if (path is null)
        {
            return UsageError(stderr, ScoringText.Get("Error_MissingFile", Id));
        }

        IReadOnlyList<ScoreRow> rows;
        try
        {
            rows = ScoreFile.Read(path);
        }
        catch (ScoreFileException e)
        {
            stderr.WriteLine(ScoringText.Format("Error_Prefix", Id, e.Message));
            return ExitBadFile;
        }

        // One path for everything: rows -> tallies (as a database would deliver) -> index and statistics.
        var tallies = ScoreTallies.Skm(rows.Select(r => r.Respondent));
        if (tallies.Scores.N == 0)
        {
            stderr.WriteLine(ScoringText.Format("Error_Prefix", Id, ScoringText.Format("Error_NoRespondents", Id, path)));
            return ExitBadFile;
        }

        var index = IndexCalculator.Skm(tallies.Elements);
        // The interval of the official index itself (delta method), as the index job computes it.
        var ci = ConfidenceInterval.FromStandardError((double)index.Converted, tallies.IndexStandardError * 25, tallies.Scores.N, ConfidenceInterval.SkmMinimum, ConfidenceInterval.ScaleMaximum);
        var sample = population is { } p ? KrejcieMorgan.Check(p, tallies.Scores.N) : null;

        if (json)
        {
            stdout.WriteLine(ToJson(tallies.Scores.N, index, ci, sample));
        }
        else
        {
            WriteText(stdout, path, tallies.Scores.N, index, ci, sample);
        }

        return ExitOk;
    }

    /// <summary>The JSON report: invariant numbers, converted values with exactly two decimals.</summary>
    public static string ToJson(long respondents, SkmIndex index, ConfidenceInterval? ci, SampleAdequacy? sample)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("respondents", respondents);
            w.WriteNumber("ikm", index.Ikm);
            w.WriteNumber("converted", index.ConvertedRounded);
            w.WriteString("grade", index.Grade.ToString());
            w.WriteString("label", Grading.Label(index.Grade, Id));
            w.WriteString("labelEn", Grading.Label(index.Grade, En));

            w.WriteStartArray("elements");
            foreach (var e in index.Elements)
            {
                w.WriteStartObject();
                w.WriteString("code", e.Code);
                w.WriteNumber("answered", e.Answered);
                w.WriteNumber("sum", e.Sum);
                WriteNullable(w, "nrr", e.Nrr);
                WriteNullable(w, "weightedNrr", e.WeightedNrr);
                WriteNullable(w, "converted", e.ConvertedRounded);
                if (e.Grade is { } grade)
                {
                    w.WriteString("grade", grade.ToString());
                }
                else
                {
                    w.WriteNull("grade");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartArray("lowest");
            foreach (var code in index.Lowest)
            {
                w.WriteStringValue(code);
            }

            w.WriteEndArray();

            w.WriteStartArray("unanswered");
            foreach (var code in index.UnansweredElements)
            {
                w.WriteStringValue(code);
            }

            w.WriteEndArray();

            if (ci is null)
            {
                w.WriteNull("ci95");
            }
            else
            {
                w.WriteStartArray("ci95");
                w.WriteNumberValue(RoundForDisplay(ci.Low));
                w.WriteNumberValue(RoundForDisplay(ci.High));
                w.WriteEndArray();
            }

            // Labelled in the data itself: a consumer cannot show these without the flag and the note.
            w.WriteString("legacyNote", ScoringText.Get("Legacy_Note", Id));
            w.WriteStartArray("legacy");
            foreach (var view in index.Legacy)
            {
                w.WriteStartObject();
                w.WriteNumber("weight", view.Weight);
                w.WriteNumber("converted", view.ConvertedRounded);
                w.WriteString("grade", view.Grade.ToString());
                w.WriteBoolean("official", view.IsOfficial);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            if (sample is not null)
            {
                w.WriteStartObject("sample");
                w.WriteNumber("population", sample.Population);
                w.WriteNumber("required", sample.Required);
                w.WriteBoolean("sufficient", sample.IsSufficient);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteText(TextWriter o, string path, long respondents, SkmIndex index, ConfidenceInterval? ci, SampleAdequacy? sample)
    {
        o.WriteLine(ScoringText.Get("Tool_Title", Id));
        o.WriteLine(ScoringText.Format("Tool_File", Id, path));
        o.WriteLine(ScoringText.Format("Tool_Respondents", Id, respondents));
        o.WriteLine();

        var header = new[] { "Tool_ColumnCode", "Tool_ColumnName", "Tool_ColumnAnswered", "Tool_ColumnSum", "Tool_ColumnNrr", "Tool_ColumnWeighted", "Tool_ColumnConverted", "Tool_ColumnGrade" }
            .Select(key => ScoringText.Get(key, Id))
            .ToArray();
        var table = new List<string[]> { header };
        foreach (var e in index.Elements)
        {
            table.Add(
            [
                e.Code,
                ScoringText.ElementName(e.Code, Id),
                e.Answered.ToString(CultureInfo.InvariantCulture),
                e.Sum.ToString(CultureInfo.InvariantCulture),
                Show(e.Nrr, 2),
                Show(e.WeightedNrr, 3),
                Show(e.ConvertedRounded, 2),
                e.Grade?.ToString() ?? "-",
            ]);
        }

        var widths = Enumerable.Range(0, header.Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var row in table)
        {
            var cells = row.Select((cell, c) => c is 0 or 1 or 7 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            o.WriteLine(string.Join("  ", cells).TrimEnd());
        }

        o.WriteLine();
        o.WriteLine(ScoringText.Format("Tool_Ikm", Id, Show(index.Ikm, 4)));
        o.WriteLine(ScoringText.Format("Tool_Converted", Id, Show(index.ConvertedRounded, 2)));
        o.WriteLine(ScoringText.Format("Tool_Grade", Id, index.Grade, Grading.Label(index.Grade, Id)));
        if (!index.IsComplete)
        {
            o.WriteLine(ScoringText.Format("Tool_Unanswered", Id, string.Join(", ", index.UnansweredElements)));
        }

        var lowest = index.Lowest.Select(code => string.Create(CultureInfo.InvariantCulture, $"{code} ({Show(index.Elements.Single(e => e.Code == code).Nrr, 2)})"));
        o.WriteLine(ScoringText.Format("Tool_Lowest", Id, string.Join(", ", lowest)));
        o.WriteLine(ci is null
            ? ScoringText.Get("Tool_CiUndefined", Id)
            : ScoringText.Format("Tool_Ci", Id, Show(RoundForDisplay(ci.Low), 2), Show(RoundForDisplay(ci.High), 2)));

        if (sample is not null)
        {
            var verdict = sample.IsSufficient
                ? ScoringText.Get("Tool_SampleMet", Id)
                : ScoringText.Format("Tool_SampleShort", Id, sample.Shortfall);
            o.WriteLine(ScoringText.Format("Tool_Sample", Id, sample.Population, sample.Required, verdict));
        }

        o.WriteLine();
        o.WriteLine(ScoringText.Get("Legacy_Note", Id) + ":");
        foreach (var view in index.Legacy)
        {
            o.WriteLine(ScoringText.Format("Tool_LegacyWeight", Id, view.Weight, Show(view.ConvertedRounded, 2), view.Grade));
        }
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine(ScoringText.Format("Error_Prefix", Id, message));
        stderr.WriteLine(ScoringText.Get("Tool_Usage", Id));
        return ExitUsage;
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Interval bounds are statistics: two decimals are all they can honestly claim.</summary>
    private static decimal RoundForDisplay(double value) => Grading.Round((decimal)value);

    private static string Show(decimal? value, int decimals) => value is { } v
        ? Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : "-";
}
