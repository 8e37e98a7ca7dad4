using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;

namespace MppSurvey.Bench;

/// <summary>
/// `bench/run index-job --incremental`: the nightly run after a day's changes against a full recompute.
/// A full run first (it also stores the MPP sums), then 1% new responses (at most 100 k) for 30 MPPs of the
/// last period by COPY, the incremental run, and a full run again that must store the very same figures.
/// The added rows are deleted and the indices brought back afterwards, so the data set stays as generated.
/// </summary>
public static class IncrementalLoad
{
    public const int ChangedMpps = 30;

    public static async Task RunAsync(string root, BenchDatabase bench, long responses, string label)
    {
        var full = await TimeAsync(bench, db => new RecomputeIndices(db).RunAsync(DataGenerator.Periods), "full run");
        var added = await AddAsync(bench, responses);
        var incremental = await TimeAsync(bench, db => new RecomputeIndices(db).RunPendingAsync(), "incremental run");
        var stored = await SnapshotAsync(bench);
        var again = await TimeAsync(bench, db => new RecomputeIndices(db).RunAsync(DataGenerator.Periods), "full run (check)");
        var difference = FirstDifference(await SnapshotAsync(bench), stored);
        Console.WriteLine(difference is null ? "identical: the incremental run stored what a full recompute stores" : "DIFFERENT: " + difference);

        await using (var scope = bench.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM responses WHERE id = ANY({0})", added);
        }
        await TimeAsync(bench, db => new RecomputeIndices(db).RunPendingAsync(), "incremental run (after removing the added rows)");

        var best = Math.Min(full.Seconds, again.Seconds);
        Results.Record(root, new Results.Figure("index_job_incremental", incremental.Seconds / best, "ratio", null, "", "<= 0.1",
            $"incremental {incremental.Seconds:0.00} s ({incremental.Outcome.Written:N0} units) after {added.Length:N0} new responses in {ChangedMpps} MPPs of " +
            $"{DataGenerator.Periods[^1]}, against the best full run {best:0.00} s ({full.Outcome.Written:N0} units, {label} data set of {responses:N0} responses); " +
            (difference is null ? "results identical to a full recompute" : "results DIFFER from a full recompute: " + difference)));
    }

    private static async Task<(double Seconds, RecomputeIndices.Outcome Outcome)> TimeAsync(BenchDatabase bench,
        Func<MppSurveyDbContext, Task<RecomputeIndices.Outcome>> run, string what)
    {
        await using var scope = bench.Scope();
        var clock = Stopwatch.StartNew();
        var outcome = await run(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>());
        Console.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:0.00} s, {outcome.Written:N0} unit results, {outcome.Failures.Count} failed");
        return (clock.Elapsed.TotalSeconds, outcome);
    }

    /// <summary>New rows for 30 MPPs of the last period: copies of their own responses under new ids, written by COPY as an import would.</summary>
    private static async Task<Guid[]> AddAsync(BenchDatabase bench, long responses)
    {
        var count = (int)Math.Min(responses / 100, 100_000);
        await using var scope = bench.Scope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var period = DataGenerator.Periods[^1];
        var malls = await db.Malls.OrderBy(m => m.Id).Select(m => m.Id).Skip(10).Take(ChangedMpps).ToListAsync();
        var models = await db.Responses.AsNoTracking().Where(r => r.PeriodCode == period && malls.Contains(r.MallId)).OrderBy(r => r.Id)
            .Take(count).ToListAsync();
        var random = new Random(30);
        var ids = new List<Guid>(count);
        var clock = Stopwatch.StartNew();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(ResponseCopy.Command))
        {
            for (var i = 0; i < count; i++)
            {
                var model = models[i % models.Count];
                var id = Guid.CreateVersion7();
                ids.Add(id);
                await ResponseCopy.WriteAsync(writer, new Response
                {
                    Id = id, SurveyId = model.SurveyId, MallId = model.MallId, AgencyId = model.AgencyId, ServiceId = model.ServiceId,
                    TemplateVersionId = model.TemplateVersionId, PeriodCode = model.PeriodCode, Channel = model.Channel,
                    SubmittedAtLocal = model.SubmittedAtLocal, ReceivedAt = DateTimeOffset.UtcNow, Gender = model.Gender, Age = model.Age,
                    Education = model.Education, Occupation = model.Occupation, ServiceModel = model.ServiceModel,
                    Scores = model.Scores.Select(s => s is null ? s : (short?)Math.Clamp(s.Value + random.Next(-1, 2), 1, 4)).ToArray(),
                });
            }
            await writer.CompleteAsync();
        }
        await db.Database.ExecuteSqlRawAsync("ANALYZE responses");
        Console.WriteLine($"added {count:N0} responses to {malls.Count} MPPs of {period} by COPY in {clock.Elapsed.TotalSeconds:0.00} s");
        return [.. ids];
    }

    /// <summary>Every stored result, as text (a float8 prints so that it reads back exactly), without its id and time.</summary>
    private static async Task<List<string>> SnapshotAsync(BenchDatabase bench)
    {
        await using var scope = bench.Scope();
        return await scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>().Database.SqlQueryRaw<string>("""
            SELECT ROW(period_code, template_code, unit_kind, unit_key, province_code, mall_id, agency_id, service_id, respondents,
                element_codes, element_answered, element_sums, ikm, converted, grade, score_n, score_sum, score_sum_of_squares, standard_error,
                ci_low, ci_high, sample_target, previous_converted, change_verdict, change_p_value, includes_flagged, profile_counts, last_received_at)::text AS "Value"
            FROM index_results ORDER BY period_code, template_code, unit_kind, unit_key
            """).ToListAsync();
    }

    private static string? FirstDifference(List<string> full, List<string> incremental)
    {
        if (full.Count != incremental.Count)
        {
            return $"{incremental.Count:N0} rows stored by the incremental run, {full.Count:N0} by the full run";
        }
        var at = Enumerable.Range(0, full.Count).FirstOrDefault(i => full[i] != incremental[i], -1);
        return at < 0 ? null : $"full {full[at]} / incremental {incremental[at]}";
    }
}
