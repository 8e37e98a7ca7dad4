using Npgsql;
using MppSurvey.Core.Responses;

namespace MppSurvey.Core.Reporting;

/// <summary>
/// The respondent profile (of the PermenPANRB 14/2017 questionnaire: gender, age band, education, occupation) of each
/// MPP and period, counted by the index job in the same snapshot as the index and stored with it
/// (<see cref="IndexResult.ProfileCounts"/>), so the dashboard, its profile and the workbook show one
/// n. Stored as one int array: gender (L, P, blank), age band (17-25, 26-35, 36-45, 46-55, 56+,
/// blank), education (SD..S3, blank), occupation (PNS..Lainnya, blank).
/// </summary>
public static class RespondentProfileCounts
{
    public static readonly int[] GenderKeys = [(int)Gender.Male, (int)Gender.Female];
    public static readonly int[] AgeBandKeys = [1, 2, 3, 4, 5];
    public static readonly int[] EducationKeys = Enum.GetValues<Education>().Select(v => (int)v).ToArray();
    public static readonly int[] OccupationKeys = Enum.GetValues<Occupation>().Select(v => (int)v).ToArray();

    private static readonly int[][] Breakdowns = [GenderKeys, AgeBandKeys, EducationKeys, OccupationKeys];

    /// <summary>Array length: each breakdown's categories plus its blank.</summary>
    public static int Length => Breakdowns.Sum(k => k.Length + 1);

    /// <summary>The counts of one breakdown (0 gender, 1 age band, 2 education, 3 occupation), null key = blank, in stored order.</summary>
    public static IReadOnlyList<(int? Key, long Count)> Breakdown(int[] counts, int breakdown)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var offset = Breakdowns.Take(breakdown).Sum(k => k.Length + 1);
        return Breakdowns[breakdown].Select((key, i) => ((int?)key, (long)counts[offset + i]))
            .Append((null, counts[offset + Breakdowns[breakdown].Length]))
            .ToList();
    }

    /// <summary>Age bands as the workbook and the dashboard show them.</summary>
    public const string AgeBandSql = "CASE WHEN age IS NULL THEN NULL WHEN age <= 25 THEN 1 WHEN age <= 35 THEN 2 WHEN age <= 45 THEN 3 WHEN age <= 55 THEN 4 ELSE 5 END";

    /// <summary>
    /// Counts per MPP, period and template version, in one GROUPING SETS pass over the same rows the
    /// aggregation counts (same period, flag and MPP filters); run in the aggregation's snapshot.
    /// </summary>
    public static async Task<Dictionary<(string Period, int MallId, int VersionId), Snapshot>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> periods, int excludedFlags, IReadOnlyCollection<int>? mallIds, CancellationToken ct)
    {
        var sql = $"""
            SELECT GROUPING(gender, band, education, occupation), period_code, mall_id, template_version_id, gender, band, education, occupation, count(*), max(received_at)
            FROM (SELECT period_code, mall_id, template_version_id, gender, education, occupation, received_at, {AgeBandSql} AS band
                  FROM responses
                  WHERE period_code = ANY($1) AND (flags & $2) = 0 AND ($3::int[] IS NULL OR mall_id = ANY($3))) r
            GROUP BY period_code, mall_id, template_version_id, GROUPING SETS ((gender), (band), (education), (occupation))
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = periods.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = excludedFlags });
        command.Parameters.Add(new NpgsqlParameter { Value = mallIds is null ? DBNull.Value : mallIds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
        var result = new Dictionary<(string, int, int), Snapshot>();
        if (mallIds is { Count: 0 })
        {
            return result;
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = (reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
            var latest = reader.GetFieldValue<DateTimeOffset>(9);
            if (!result.TryGetValue(key, out var snapshot))
            {
                result[key] = snapshot = new Snapshot(new int[Length], latest);
            }
            else if (latest > snapshot.LastReceivedAt)
            {
                // Each row's max is its group's only (gender L, band 26-35, ...): the unit's latest receipt is the largest of them.
                result[key] = snapshot = snapshot with { LastReceivedAt = latest };
            }
            var counts = snapshot.Counts;
            // The one column not rolled up holds the value: bit 3 gender, 2 band, 1 education, 0 occupation.
            var breakdown = reader.GetInt32(0) switch { 0b0111 => 0, 0b1011 => 1, 0b1101 => 2, _ => 3 };
            var column = 4 + breakdown;
            var offset = Breakdowns.Take(breakdown).Sum(k => k.Length + 1);
            var position = reader.IsDBNull(column) ? Breakdowns[breakdown].Length : Array.IndexOf(Breakdowns[breakdown], Convert.ToInt32(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture));
            // A value outside the known categories (none exist today) is counted as blank rather than lost.
            counts[offset + (position < 0 ? Breakdowns[breakdown].Length : position)] += (int)reader.GetInt64(8);
        }
        return result;
    }

    /// <summary>The profile counts of one MPP, period and version, and the latest receipt among the responses counted.</summary>
    public sealed record Snapshot(int[] Counts, DateTimeOffset LastReceivedAt);

    /// <summary>Adds another template version's counts of the same MPP (versions of one template are one unit).</summary>
    public static int[] Add(int[]? a, int[] b) => a is null ? (int[])b.Clone() : a.Zip(b, (x, y) => x + y).ToArray();
}
