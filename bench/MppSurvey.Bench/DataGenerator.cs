using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Demo;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Bench;

/// <summary>
/// Builds the benchmark data set quickly with binary COPY: 305 MPPs (the count of December 2025),
/// ~10 agencies and ~100 services each, six semesters, N responses in all with a realistic spread
/// (busy and quiet MPPs, Dukcapil about a quarter of visitors, ~2% blanks, a few flagged). The first
/// MPP gets exactly 10,000 responses in the last complete semester, for the one-workbook benchmark.
/// </summary>
public static class DataGenerator
{
    public const int MallCount = 305;
    public static readonly string[] Periods = ["2024-S1", "2024-S2", "2025-S1", "2025-S2", "2026-S1", "2026-S2"];
    public const string WorkbookPeriod = "2026-S1";
    public const int WorkbookResponses = 10_000;

    /// <param name="replace">
    /// A data set of another size is replaced (<c>bench/run generate</c>); the measuring commands refuse it
    /// instead, so a forgotten <c>--responses</c> never starts a 10 M build.
    /// </param>
    public static async Task<string> GenerateAsync(MppSurveyDbContext db, long total, string templatesDirectory, TextWriter log, bool replace = false)
    {
        var existing = await db.Responses.LongCountAsync();
        if (existing > 0)
        {
            if (Math.Abs(existing - total) <= total / 20)
            {
                log.WriteLine($"data set present: {existing:N0} responses");
                return await db.Malls.OrderBy(m => m.Id).Select(m => m.RegencyCode).FirstAsync();
            }
            if (!replace)
            {
                throw new InvalidOperationException($"The bench database holds {existing:N0} responses, not {total:N0}: run bench/run generate --responses {total} first.");
            }
            log.WriteLine($"replacing the data set of {existing:N0} responses");
        }
        var clock = Stopwatch.StartNew();
        // A generation that died half-way leaves MPPs without responses, a data set of another size is
        // replaced: start over (responses go with their MPPs).
        await db.Database.ExecuteSqlRawAsync("TRUNCATE malls, surveys, periods, index_results, stored_workbooks, job_runs CASCADE");
        // Since templates may belong to an MPP, survey_templates references malls and the CASCADE empties it too:
        // load the catalogue again, as start-up does.
        await TemplateCatalog.SyncAsync(db, TemplateCatalog.ReadDirectory(templatesDirectory));
        var version = await db.SurveyTemplateVersions.Where(v => v.Template!.Code == "skm").OrderByDescending(v => v.Version).FirstAsync();
        foreach (var code in Periods)
        {
            if (!await db.Periods.AnyAsync(p => p.Code == code))
            {
                db.Periods.Add(Period.Parse(code));
            }
        }
        var regencies = await db.Regencies.OrderBy(r => r.Code).Select(r => new { r.Code, r.Name, r.TimeZone }).ToListAsync();
        var chosen = Enumerable.Range(0, MallCount).Select(i => regencies[i * regencies.Count / MallCount]).ToList();
        var random = new Random(305);
        var malls = new List<Mall>();
        foreach (var r in chosen)
        {
            var mall = new Mall { RegencyCode = r.Code, Name = "MPP " + r.Name, TimeZone = r.TimeZone };
            foreach (var agency in DemoCatalog.Agencies.Take(10))
            {
                var a = new Agency { Name = agency.Name, ShortName = agency.ShortName };
                var services = agency.Services.ToList();
                for (var k = services.Count; k < 10; k++)
                {
                    services.Add($"{agency.ShortName}: layanan {k + 1}");
                }
                a.Services.AddRange(services.Select(s => new Service { Name = s }));
                mall.Agencies.Add(a);
            }
            malls.Add(mall);
        }
        db.Malls.AddRange(malls);
        await db.SaveChangesAsync();
        var surveyList = malls.SelectMany(m => Periods.Select(p => new Survey { MallId = m.Id, TemplateVersionId = version.Id, PeriodCode = p, Population = 20_000 + random.Next(60_000) })).ToList();
        db.Surveys.AddRange(surveyList);
        await db.SaveChangesAsync();
        var surveys = surveyList.ToDictionary(s => (s.MallId, s.PeriodCode), s => s.Id);
        log.WriteLine($"{malls.Count} MPPs, {malls.Sum(m => m.Agencies.Sum(a => a.Services.Count)):N0} services in {clock.Elapsed.TotalSeconds:0.0} s");

        // Busy and quiet MPPs: weights from a log-normal spread, normalised to the total.
        var weights = malls.Select(_ => Math.Exp(Normal(random) * 0.6)).ToArray();
        var perCell = total / (double)(MallCount * Periods.Length);
        var counts = new long[MallCount, Periods.Length];
        long assigned = 0;
        for (var m = 0; m < MallCount; m++)
        {
            for (var p = 0; p < Periods.Length; p++)
            {
                counts[m, p] = (long)Math.Round(perCell * weights[m] / weights.Average());
                assigned += counts[m, p];
            }
        }
        var workbookCell = Array.IndexOf(Periods, WorkbookPeriod);
        assigned += WorkbookResponses - counts[0, workbookCell];
        counts[0, workbookCell] = WorkbookResponses;
        // Put the rounding difference on another MPP's last period (never below zero).
        counts[1, Periods.Length - 1] = Math.Max(0, counts[1, Periods.Length - 1] + total - assigned);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        // The generated rows reference only what was just created: skip the per-row foreign-key
        // triggers, which would otherwise queue 70 M checks at the end of the COPY.
        await db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica");
        long written = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(ResponseCopy.Command))
        {
            writer.Timeout = TimeSpan.FromHours(1);
            var scores = new short?[9];
            for (var m = 0; m < MallCount; m++)
            {
                var mall = malls[m];
                var services = mall.Agencies.SelectMany((a, ai) => a.Services.Select(s => (agency: a.Id, service: s.Id, share: DemoCatalog.Agencies[ai].Share / a.Services.Count))).ToArray();
                var shareTotal = services.Sum(s => s.share);
                var level = 3.1 + random.NextDouble() * 0.5;
                for (var p = 0; p < Periods.Length; p++)
                {
                    var period = Period.Parse(Periods[p]);
                    var days = period.EndsOn.DayNumber - period.StartsOn.DayNumber + 1;
                    var surveyId = surveys[(mall.Id, Periods[p])];
                    for (long i = 0; i < counts[m, p]; i++)
                    {
                        var pick = random.NextDouble() * shareTotal;
                        var chosenService = services[^1];
                        foreach (var s in services)
                        {
                            pick -= s.share;
                            if (pick <= 0)
                            {
                                chosenService = s;
                                break;
                            }
                        }
                        var mood = level + p * 0.02 + Normal(random) * 0.35;
                        var identical = random.NextDouble() < 0.01;
                        for (var e = 0; e < 9; e++)
                        {
                            scores[e] = random.NextDouble() < 0.02 ? null
                                : (short)Math.Clamp((int)Math.Round(identical ? 4 : mood + DemoCatalog.ElementOffsets[e] + Normal(random) * 0.45), 1, 4);
                        }
                        var local = period.StartsOn.AddDays(random.Next(days)).ToDateTime(new TimeOnly(8, 0)).AddSeconds(random.Next(8 * 3600));
                        await ResponseCopy.WriteAsync(writer, new Response
                        {
                            Id = Guid.CreateVersion7(),
                            SurveyId = surveyId,
                            MallId = mall.Id,
                            AgencyId = chosenService.agency,
                            ServiceId = chosenService.service,
                            TemplateVersionId = version.Id,
                            PeriodCode = Periods[p],
                            Channel = (ResponseChannel)random.Next(1, 4),
                            SubmittedAtLocal = local,
                            ReceivedAt = new DateTimeOffset(local, TimeSpan.FromHours((int)mall.TimeZone)),
                            Gender = (Gender)random.Next(1, 3),
                            Age = (short)random.Next(17, 71),
                            Education = (Education)random.Next(1, 8),
                            Occupation = (Occupation)random.Next(1, 8),
                            // A fresh array per row: the importer may still hold the previous one.
                            Scores = (short?[])scores.Clone(),
                            Suggestion = random.NextDouble() < 0.05 ? DemoCatalog.Suggestions[random.Next(DemoCatalog.Suggestions.Length)] : null,
                            Flags = identical ? ResponseFlags.StraightLining : ResponseFlags.None,
                        });
                        written++;
                    }
                }
                if (m % 25 == 0)
                {
                    log.WriteLine($"  {m + 1}/{MallCount} MPPs, {written:N0} responses, {written / clock.Elapsed.TotalSeconds:N0}/s");
                }
            }
            await writer.CompleteAsync();
        }
        await db.Database.ExecuteSqlRawAsync("SET session_replication_role = DEFAULT");
        await db.Database.ExecuteSqlRawAsync("ANALYZE responses");
        await db.Database.CloseConnectionAsync();
        log.WriteLine($"generated {written:N0} responses in {clock.Elapsed.TotalSeconds:0.0} s ({written / clock.Elapsed.TotalSeconds:N0}/s)");
        return malls[0].RegencyCode;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
