using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Regions;

/// <summary>
/// Loads the 38 provinces and 514 regencies from the embedded regions.csv (derived from
/// idn-area-data, ODbL: see Regions/Data/NOTICE.md). Idempotent: it inserts what is missing and
/// renames what changed, so a new data set release can be applied to a live database.
/// </summary>
public static class RegionSeeder
{
    public sealed record Row(string Code, string? ProvinceCode, string Name, IndonesianTimeZone TimeZone);

    public static IReadOnlyList<Row> ReadEmbedded()
    {
        using var stream = typeof(RegionSeeder).Assembly.GetManifestResourceStream("MppSurvey.Core.Regions.regions.csv")
            ?? throw new InvalidOperationException("regions.csv is not embedded in MppSurvey.Core.");
        using var reader = new StreamReader(stream);
        var rows = new List<Row>();
        reader.ReadLine(); // header: code,province_code,name,time_zone
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split(',');
            rows.Add(new Row(
                parts[0],
                parts[1].Length == 0 ? null : parts[1],
                parts[2],
                Enum.Parse<IndonesianTimeZone>(parts[3], ignoreCase: true)));
        }
        return rows;
    }

    public static async Task SeedAsync(MppSurveyDbContext db, CancellationToken ct = default)
    {
        var rows = ReadEmbedded();
        var provinces = await db.Provinces.ToDictionaryAsync(p => p.Code, ct);
        var regencies = await db.Regencies.ToDictionaryAsync(r => r.Code, ct);
        foreach (var row in rows.Where(r => r.ProvinceCode is null))
        {
            if (provinces.TryGetValue(row.Code, out var existing))
            {
                existing.Name = row.Name;
                existing.TimeZone = row.TimeZone;
            }
            else
            {
                db.Provinces.Add(new Province { Code = row.Code, Name = row.Name, TimeZone = row.TimeZone });
            }
        }
        foreach (var row in rows.Where(r => r.ProvinceCode is not null))
        {
            if (regencies.TryGetValue(row.Code, out var existing))
            {
                existing.Name = row.Name;
                existing.TimeZone = row.TimeZone;
            }
            else
            {
                db.Regencies.Add(new Regency
                {
                    Code = row.Code,
                    ProvinceCode = row.ProvinceCode!,
                    Name = row.Name,
                    Kind = Regency.KindOf(row.Code),
                    TimeZone = row.TimeZone,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    internal static string Describe(int provinces, int regencies) =>
        string.Create(CultureInfo.InvariantCulture, $"{provinces} provinces, {regencies} regencies");
}
