using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using MppSurvey.Bench;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;

// bench/run generate|index-job [--incremental]|workbooks|dashboard|ingest|kiosks [--responses N] | themes [--set FILE] [--misses] | themes-terms --set FILE | themes-cv [--misses] | themes-train
var root = FindRoot();
var command = args.FirstOrDefault() ?? "help";
if (command == "themes")
{
    // The classifier needs no database: measured on the labelled file alone.
    return ThemesMeasure.Run(root, args);
}
if (command == "themes-terms")
{
    // For whoever edits the lexicon: how often each term is right, and what WordRepair changed.
    return ThemesTerms.Run(args);
}
if (command is "themes-train" or "themes-cv")
{
    // The integrity model: trained on every labelled set, or measured by leave-one-set-out.
    return ThemesTraining.Run(root, command, args);
}
var responses = args.SkipWhile(a => a != "--responses").Skip(1).Select(long.Parse).FirstOrDefault(10_000_000);

if (command is not ("generate" or "index-job" or "workbooks" or "dashboard" or "ingest" or "kiosks"))
{
    Console.WriteLine("usage: bench/run generate|index-job|workbooks|dashboard|ingest|kiosks [--responses N]   (default 10,000,000)");
    Console.WriteLine("       bench/run themes [--set FILE] [--misses]   (default bench/themes/labelled.tsv)");
    Console.WriteLine("       bench/run themes-terms --set FILE [--set FILE]   (each lexicon term right/wrong, and the word repairs)");
    Console.WriteLine("       bench/run themes-cv | themes-train   (integrity model: leave-one-set-out and forward figures, --forward, --misses | train on every set, --upto N on sets 1..N; --target R sets the recall target)");
    return 2;
}

await using var bench = await BenchDatabase.OpenAsync(root);
string workbookRegency;
await using (var scope = bench.Scope())
{
    workbookRegency = await DataGenerator.GenerateAsync(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>(), responses, Path.Combine(root, "survey-templates"), Console.Out, replace: command == "generate");
}
var label = responses >= 1_000_000 ? $"{responses / 1_000_000.0:0.#}m" : $"{responses / 1000.0:0.#}k";

if (command == "index-job" && args.Contains("--incremental"))
{
    await IncrementalLoad.RunAsync(root, bench, responses, label);
}
else if (command == "index-job")
{
    // Floor, the job's own query and the job alternate (twice) so that a busy moment of the machine
    // hits all three alike; the best of each is kept. The floor is an independent hand-written
    // aggregation at the finest level (IndexJobFloor), rows read and dropped.
    double floor = double.MaxValue, query = double.MaxValue, job = double.MaxValue;
    var units = 0;
    for (var i = 0; i < 2; i++)
    {
        var clock = Stopwatch.StartNew();
        var rows = await IndexJobFloor.RunAsync(bench.ConnectionString, DataGenerator.Periods);
        floor = Math.Min(floor, clock.Elapsed.TotalSeconds);
        Console.WriteLine($"independent floor run {i + 1}: {clock.Elapsed.TotalSeconds:0.00} s, {rows:N0} groups");

        clock.Restart();
        rows = await IndexJobFloor.RunJobQueryAsync(bench.ConnectionString, DataGenerator.Periods);
        query = Math.Min(query, clock.Elapsed.TotalSeconds);
        Console.WriteLine($"job's own query run {i + 1}: {clock.Elapsed.TotalSeconds:0.00} s, {rows:N0} groups");

        await using var scope = bench.Scope();
        clock.Restart();
        var outcome = await new RecomputeIndices(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>()).RunAsync(DataGenerator.Periods);
        units = outcome.Written;
        job = Math.Min(job, clock.Elapsed.TotalSeconds);
        Console.WriteLine($"index job run {i + 1}: {clock.Elapsed.TotalSeconds:0.00} s, {units:N0} unit results " +
            $"(read {outcome.Took!.Read.TotalSeconds:0.00} s, score {outcome.Took.Score.TotalSeconds:0.00} s, write {outcome.Took.Write.TotalSeconds:0.00} s)");
    }
    using var self = Process.GetCurrentProcess();
    var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024);
    // The plans, for reading where the time goes (not timed).
    var outDirectory = Path.Combine(root, "bench", "out");
    await IndexJobFloor.RunAsync(bench.ConnectionString, DataGenerator.Periods, Path.Combine(outDirectory, "index-job-floor-explain.txt"));
    await IndexJobFloor.RunJobQueryAsync(bench.ConnectionString, DataGenerator.Periods, Path.Combine(outDirectory, "index-job-query-explain.txt"));
    Console.WriteLine($"EXPLAIN (ANALYZE, BUFFERS) in {outDirectory}/index-job-floor-explain.txt and index-job-query-explain.txt");
    var over = $"{units:N0} unit results over {responses:N0} responses, 6 semesters; best of two, alternating";
    // The key keeps its name whatever the data set's size; the note says how many responses.
    Results.Record(root,
        new Results.Figure("index_job_10m", job, "s", floor, "independent floor: a hand-written aggregation per (period, MPP, agency, service, version), rows read and dropped", "<= 1.5x", over),
        new Results.Figure("index_job_10m_own_query", job, "s", query, "the job's own aggregation statements alone (its slices, on its readers, in one snapshot), rows read and dropped", "report", over),
        new Results.Figure("index_job_10m_peak_mb", peakMb, "MB", null, "", "report", $"peak working set of the process running the job (server GC), {responses:N0} responses"));
}
else if (command == "workbooks")
{
    await using (var scope = bench.Scope())
    {
        var workbooks = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        if (!await workbooks.IndexResults.AnyAsync(r => r.PeriodCode == DataGenerator.WorkbookPeriod))
        {
            Console.WriteLine("computing indices first...");
            await new RecomputeIndices(workbooks).RunAsync(DataGenerator.Periods);
        }
    }
    double one = double.MaxValue;
    long bytes = 0;
    for (var i = 0; i < 3; i++)
    {
        await using var scope = bench.Scope();
        var clock = Stopwatch.StartNew();
        bytes = (await new WorkbookJob(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>()).GenerateMallAsync(workbookRegency, DataGenerator.WorkbookPeriod))!.LongLength;
        one = Math.Min(one, clock.Elapsed.TotalSeconds);
        Console.WriteLine($"one workbook ({workbookRegency}, {DataGenerator.WorkbookPeriod}) run {i + 1}: {clock.Elapsed.TotalSeconds:0.00} s, {bytes / 1024:N0} KB");
    }
    await using (var scope = bench.Scope())
    {
        // Where the time goes: reading the data from PostgreSQL, then writing the file.
        var clock = Stopwatch.StartNew();
        var data = await new MallWorkbookLoader(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>()).LoadAsync(workbookRegency, DataGenerator.WorkbookPeriod);
        var load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        MppSurvey.Core.Reporting.Workbooks.MallWorkbook.Write(data!, Stream.Null);
        Console.WriteLine($"  of which: load {load:0.00} s ({data!.Respondents.Count:N0} respondent rows), write {clock.Elapsed.TotalSeconds:0.00} s");
    }
    double all;
    int count;
    await using (var scope = bench.Scope())
    {
        var clock = Stopwatch.StartNew();
        count = await new WorkbookJob(scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>()).RunAsync([DataGenerator.WorkbookPeriod]);
        all = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"all workbooks of {DataGenerator.WorkbookPeriod}: {count} files in {all:0.0} s");
    }
    Results.Record(root,
        new Results.Figure("workbook_one_10k_s", one, "s", 2, "goal", "<= 2 s", $"MPP {workbookRegency}, {DataGenerator.WorkbookPeriod}, 10,000 responses (1% flagged left out), read from PostgreSQL, written and stored"),
        new Results.Figure("workbooks_all_s", all, "s", 120, "goal", "<= 120 s", $"{count} workbooks ({count - 1} MPPs + national) of {DataGenerator.WorkbookPeriod}"));
}
else if (command == "dashboard")
{
    await using (var scope = bench.Scope())
    {
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        if (!await db.IndexResults.AnyAsync(r => r.PeriodCode == DataGenerator.WorkbookPeriod))
        {
            Console.WriteLine("computing indices first...");
            await new RecomputeIndices(db).RunAsync(DataGenerator.Periods);
        }
    }
    var (p50, p95, max, n) = await DashboardLoad.MeasureAsync(root, bench, workbookRegency, DataGenerator.WorkbookPeriod);
    Console.WriteLine($"dashboard /dasbor/{workbookRegency}?periode={DataGenerator.WorkbookPeriod}: {n} requests, p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {max:0.0} ms");
    Results.Record(root,
        new Results.Figure("dashboard_p95_ms", p95, "ms", 100, "goal", "<= 100 ms",
            $"regional head's page of the busiest MPP ({workbookRegency}, 10,000 responses in {DataGenerator.WorkbookPeriod}) over the 10 M data set; Release build, loopback HTTP, {n} sequential requests after 20 warm-up; p50 {p50:0.0} ms, max {max:0.0} ms"));
}
else if (command == "ingest")
{
    var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(30);
    var counts = args.SkipWhile(a => a != "--connections").Skip(1).Select(a => a.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([8, 32, 64]);
    // --no-batch: each response in a statement of its own (the group commit switched off), to compare; not recorded.
    var unbatched = args.Contains("--no-batch");
    var levels = await IngestLoad.MeasureAsync(root, bench, counts, TimeSpan.FromSeconds(seconds), Console.Out,
        unbatched ? new Dictionary<string, string> { ["ResponseBatch:Enabled"] = "false" } : null);
    if (!counts.SequenceEqual([8, 32, 64]) || unbatched)
    {
        return 0;
    }
    var at32 = levels.Single(l => l.Connections == 32);
    string Detail(IngestLoad.Level l) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{l.Connections} conn: {l.PerSecond:0}/s vs pgbench {l.PgbenchTps:0} tps (ratio {l.PerSecond / l.PgbenchTps:0.00}), p50 {l.P50:0.0} ms, p99 {l.P99:0.0} ms, {l.Failed} failed; cpu {l.AppCpu}");
    Results.Record(root,
        new Results.Figure("ingest_8conn", levels[0].PerSecond, "responses/s", levels[0].PgbenchTps, "pgbench, same row shape, one row per transaction, same connections", "report", Detail(levels[0])),
        new Results.Figure("ingest_32conn", at32.PerSecond, "responses/s", at32.PgbenchTps, "pgbench, same row shape, one row per transaction, same connections", ">= 0.6", Detail(at32) + $"; group commit; {seconds} s per level after a 5 s warm-up, into the {label}-row table, load client on the same 2 cores; load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"),
        new Results.Figure("ingest_64conn", levels[2].PerSecond, "responses/s", levels[2].PgbenchTps, "pgbench, same row shape, one row per transaction, same connections", "report", Detail(levels[2])),
        new Results.Figure("ingest_p99_ms", at32.P99, "ms", 50, "goal", "<= 50 ms", $"POST /api/v1/responses at 32 connections; p50 {at32.P50:0.0} ms"));
}
else if (command == "kiosks")
{
    var outcome = await KioskLoad.RunAsync(root, bench, kiosks: 200, TimeSpan.FromSeconds(60), Console.Out);
    Results.Record(root,
        new Results.Figure("kiosks_200_60s_lost", outcome.Lost, "responses", null, "", "0", $"200 kiosks for 60 s with the real 20 s cooldown: {outcome.Acknowledged} acknowledged, {outcome.Stored} stored, {outcome.Errors} errors, {outcome.Retries} retries; p99 {outcome.P99:0.0} ms"),
        new Results.Figure("kiosks_200_60s_errors", outcome.Errors, "responses", null, "", "0", "responses answered with anything but 201/200 (a 429 counts as an error too)"));
}
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "MppSurvey.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run the benchmarks from inside the MppSurvey checkout.");
}
