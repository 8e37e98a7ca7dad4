using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Scoring;

namespace MppSurvey.Core.Malls;

/// <summary>
/// The list of an MPP's counters (agency, service) as a CSV file: the way an MPP office already
/// keeps it in a spreadsheet. Header `instansi,layanan` (or `agency,service`), separated by comma,
/// semicolon or tab. Importing adds what is missing and never removes or renames: deactivating a
/// service is a decision, not a side effect of a shorter file.
/// </summary>
public static class CounterList
{
    public const int MaxNameLength = 200;
    public const int MaxRows = 5000;

    public sealed record Row(int Line, string Agency, string Service);

    /// <summary>A problem with the file; <see cref="Code"/> is a resource key with its arguments.</summary>
    public sealed record Problem(string Code, params object[] Args);

    public sealed record Outcome(int AgenciesAdded, int ServicesAdded, int AlreadyThere);

    private static readonly string[] AgencyHeaders = ["instansi", "agency"];
    private static readonly string[] ServiceHeaders = ["layanan", "service"];

    public static (IReadOnlyList<Row> Rows, IReadOnlyList<Problem> Problems) Parse(string content)
    {
        var problems = new List<Problem>();
        var header = content.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (header is null)
        {
            return ([], [new Problem("Counters_CsvEmpty")]);
        }
        List<(int Line, List<string> Fields)> records;
        try
        {
            records = ScoreFile.CsvRecords(content, ScoreFile.DetectSeparator(header))
                .Where(r => r.Fields.Any(f => f.Trim().Length > 0))
                .ToList();
        }
        catch (ScoreFileException e)
        {
            return ([], [new Problem("Counters_CsvUnclosedQuote", e.Row ?? 0)]);
        }
        var names = records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant()).ToList();
        var agencyColumn = names.FindIndex(AgencyHeaders.Contains);
        var serviceColumn = names.FindIndex(ServiceHeaders.Contains);
        if (agencyColumn < 0 || serviceColumn < 0)
        {
            return ([], [new Problem("Counters_CsvHeader")]);
        }
        if (records.Count - 1 > MaxRows)
        {
            return ([], [new Problem("Counters_CsvTooMany", MaxRows)]);
        }
        var rows = new List<Row>();
        foreach (var (line, fields) in records.Skip(1))
        {
            var agency = Field(fields, agencyColumn);
            var service = Field(fields, serviceColumn);
            if (agency.Length == 0 || service.Length == 0)
            {
                problems.Add(new Problem("Counters_CsvMissing", line));
            }
            else if ((NameProblem(agency) ?? NameProblem(service)) is { } key)
            {
                problems.Add(new Problem(key.Replace("Counters_", "Counters_Csv", StringComparison.Ordinal), line, MaxNameLength));
            }
            else
            {
                rows.Add(new Row(line, agency, service));
            }
        }
        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new Problem("Counters_CsvEmpty"));
        }
        return (rows, problems);
    }

    /// <summary>The resource key of what is wrong with a name, or null when it is fine (shared with the form fields).</summary>
    public static string? NameProblem(string name) =>
        name.Length > MaxNameLength ? "Counters_NameTooLong"
        : name.Any(char.IsControl) ? "Counters_NameControl"
        : null;

    /// <summary>Adds the agencies and services the MPP does not have yet (names compared case-insensitively). The caller saves.</summary>
    public static async Task<Outcome> AddMissingAsync(MppSurveyDbContext db, int mallId, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var agencies = await db.Agencies.Include(a => a.Services).Where(a => a.MallId == mallId).ToListAsync(ct);
        var byName = agencies.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        int agenciesAdded = 0, servicesAdded = 0, already = 0;
        foreach (var row in rows)
        {
            if (!byName.TryGetValue(row.Agency, out var agency))
            {
                agency = new Agency { MallId = mallId, Name = row.Agency };
                db.Agencies.Add(agency);
                byName[row.Agency] = agency;
                agenciesAdded++;
            }
            if (agency.Services.Any(s => string.Equals(s.Name, row.Service, StringComparison.OrdinalIgnoreCase)))
            {
                already++;
                continue;
            }
            agency.Services.Add(new Service { Name = row.Service });
            servicesAdded++;
        }
        return new Outcome(agenciesAdded, servicesAdded, already);
    }

    /// <summary>Trimmed, inner runs of white space made one space: "KTP  el " and "KTP el" are the same name, in a form or a file.</summary>
    public static string CleanName(string? name) =>
        VisibleText.IsBlank(name) ? "" : string.Join(' ', name!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Field(List<string> fields, int column) => column < fields.Count ? CleanName(fields[column]) : "";
}
