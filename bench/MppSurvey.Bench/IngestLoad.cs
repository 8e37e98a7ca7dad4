using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;

namespace MppSurvey.Bench;

/// <summary>
/// POST /api/v1/responses at several connection counts for a fixed time, against the app (Release)
/// on the benchmark database, beside pgbench inserting the same row shape, one row per transaction,
/// into the same table on the same server: the machine's own limit for writing responses. The
/// rows both write go to a service of their own and are deleted afterwards, so the 10 M data set
/// stays as it was for the other benchmarks. Before the first level a warm-up (5 s at its connections,
/// discarded) so that it is not a cold start (JIT, pools, caches); before each level 3 s more. Per level
/// the CPU time of the app process, of PostgreSQL (the postmaster and its backends, exited ones
/// included through the postmaster's reaped-children time) and of the load client, as cores busy.
/// </summary>
public static partial class IngestLoad
{
    public sealed record Level(int Connections, double PerSecond, double P50, double P99, long Ok, long Failed, double PgbenchTps, double PgbenchLatencyMs, Cpu AppCpu, Cpu PgbenchCpu);

    /// <summary>Cores busy during a run (CPU seconds / wall seconds): the app (0 for pgbench), PostgreSQL, the load client.</summary>
    public sealed record Cpu(double App, double Postgres, double Client)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"app {App:0.00} + pg {Postgres:0.00} + client {Client:0.00} cores");
    }

    private const string BenchService = "Bench ingest";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();

    public static async Task<IReadOnlyList<Level>> MeasureAsync(string root, BenchDatabase bench, int[] connectionCounts, TimeSpan duration, TextWriter log,
        IReadOnlyDictionary<string, string>? appSettings = null)
    {
        var target = await PrepareTargetAsync(bench);
        var postmaster = await PostmasterAsync(bench);
        log.WriteLine($"target: MPP {target.Regency}, service {target.ServiceId} (survey {target.SurveyId}, {target.Period})");
        var levels = new List<Level>();
        await using (var app = await BenchApp.StartAsync(root, bench.ConnectionString, new Dictionary<string, string>
        {
            // One load client stands for many visitors: lift the per-client limit and the burst flag.
            ["Survey:RateLimit:PermitLimit"] = "1000000000",
            ["Survey:Burst:ClientMaxResponses"] = "1000000000",
        }.Concat(appSettings ?? new Dictionary<string, string>()).ToDictionary()))
        {
            // The first level is not a cold start: JIT, the pools and PostgreSQL's caches warm up first.
            await RunAppAsync(app.BaseUrl, target, connectionCounts[0], TimeSpan.FromSeconds(5));
            foreach (var connections in connectionCounts)
            {
                await RunAppAsync(app.BaseUrl, target, connections, TimeSpan.FromSeconds(3));
                var before = CpuNow(app.ProcessId, postmaster);
                var wall = Stopwatch.StartNew();
                var (ok, failed, latencies) = await RunAppAsync(app.BaseUrl, target, connections, duration);
                var appCpu = Busy(before, CpuNow(app.ProcessId, postmaster), wall.Elapsed);
                latencies.Sort();
                var perSecond = ok / duration.TotalSeconds;
                before = CpuNow(null, postmaster);
                wall.Restart();
                var (tps, pgLatency) = await RunPgbenchAsync(root, bench, target, connections, duration);
                var pgbenchCpu = Busy(before, CpuNow(null, postmaster), wall.Elapsed);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{connections,3} connections: app {perSecond:0} responses/s (p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, {failed} failed) | pgbench {tps:0} tps ({pgLatency:0.0} ms) | ratio {perSecond / tps:0.00}"));
                log.WriteLine($"     cpu: app run {appCpu} | pgbench run {pgbenchCpu}");
                levels.Add(new Level(connections, perSecond, Percentile(latencies, 0.50), Percentile(latencies, 0.99), ok, failed, tps, pgLatency, appCpu, pgbenchCpu));
                await DeleteBenchRowsAsync(bench, target.ServiceId);
            }
        }
        return levels;
    }

    private sealed record Target(string Regency, int MallId, int AgencyId, int ServiceId, int SurveyId, int VersionId, string Period);

    private static async Task<Target> PrepareTargetAsync(BenchDatabase bench)
    {
        await using var scope = bench.Scope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var period = DataGenerator.Periods[^1];
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Mall).Where(s => s.PeriodCode == period && s.ClosedAt == null).OrderBy(s => s.MallId).FirstAsync();
        var agency = await db.Agencies.Include(a => a.Services).Where(a => a.MallId == survey.MallId).OrderBy(a => a.Id).FirstAsync();
        var service = agency.Services.FirstOrDefault(s => s.Name == BenchService);
        if (service is null)
        {
            service = new Service { Name = BenchService };
            agency.Services.Add(service);
            await db.SaveChangesAsync();
        }
        await DeleteBenchRowsAsync(bench, service.Id);
        return new Target(survey.Mall!.RegencyCode, survey.MallId, agency.Id, service.Id, survey.Id, survey.TemplateVersionId, period);
    }

    private static async Task DeleteBenchRowsAsync(BenchDatabase bench, int serviceId)
    {
        await using var connection = new NpgsqlConnection(bench.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM responses WHERE service_id = $1", connection);
        delete.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        await delete.ExecuteNonQueryAsync();
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE responses", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
    }

    private static async Task<(long Ok, long Failed, List<double> Latencies)> RunAppAsync(string baseUrl, Target target, int connections, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long ok = 0, failed = 0;
        var all = new List<double>[connections];
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var latencies = all[c] = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < until)
            {
                var body = Body(target, random);
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("/api/v1/responses", new StringContent(body, Encoding.UTF8, "application/json"));
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref ok);
                        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        return (ok, failed, all.SelectMany(l => l).ToList());
    }

    private static string Body(Target target, Random random)
    {
        var answers = "{" + string.Join(',', Enumerable.Range(1, 9).Select(i => $"\"U{i}\":{random.Next(1, 5)}")) + "}";
        var at = DateTimeOffset.UtcNow.AddSeconds(-30).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        return $$"""{"id":"{{Guid.NewGuid()}}","regencyCode":"{{target.Regency}}","serviceId":{{target.ServiceId}},"template":"skm","channel":"qr","submittedAt":"{{at}}","profile":{"gender":"P","age":{{random.Next(18, 70)}},"education":"SMA","occupation":"Swasta"},"answers":{{answers}}}""";
    }

    /// <summary>The same row as the API writes (every column it fills), one INSERT per transaction.</summary>
    private static async Task<(double Tps, double LatencyMs)> RunPgbenchAsync(string root, BenchDatabase bench, Target target, int connections, TimeSpan duration)
    {
        var script = Path.Combine(root, "bench", "out", "ingest.sql");
        await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture, $"""
            \set a random(1, 4)
            \set b random(1, 4)
            \set age random(18, 69)
            INSERT INTO responses (id, survey_id, mall_id, agency_id, service_id, template_version_id, period_code, channel, kiosk_id, submitted_at_local, received_at, gender, age, education, occupation, scores, suggestion, other_answers, flags)
            VALUES (gen_random_uuid(), {target.SurveyId}, {target.MallId}, {target.AgencyId}, {target.ServiceId}, {target.VersionId}, '{target.Period}', 2, NULL, localtimestamp, now(), 2, :age, 3, 4, ARRAY[:a, :b, 3, 4, 2, 4, 3, :a, 3]::smallint[], NULL, NULL, 0);

            """));
        var builder = new NpgsqlConnectionStringBuilder(bench.ConnectionString);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).Where(File.Exists).OrderDescending().First();
        var psi = new ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres",
            "-n", "-M", "prepared", "-c", connections.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(connections, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", script, builder.Database!,
        })
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var tps = TpsPattern().Match(stdout);
        if (process.ExitCode != 0 || !tps.Success)
        {
            throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {stdout}\n{stderr}");
        }
        return (double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(LatencyPattern().Match(stdout).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private readonly record struct CpuTicks(long App, long Postgres, long Client);

    /// <summary>The PostgreSQL server's main process, from the first line of postmaster.pid in its data directory.</summary>
    private static async Task<int> PostmasterAsync(BenchDatabase bench)
    {
        await using var connection = new NpgsqlConnection(bench.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        var directory = (string)(await command.ExecuteScalarAsync())!;
        return int.Parse((await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid")))[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Clock ticks of CPU so far: the app process; PostgreSQL (the postmaster with the time of the backends
    /// it has reaped, plus its live children); the load client (this process and its reaped children, pgbench).
    /// </summary>
    private static CpuTicks CpuNow(int? app, int postmaster)
    {
        var postgres = Ticks(postmaster, children: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && stat.Parent == postmaster)
            {
                postgres += stat.Own + stat.Children;
            }
        }
        return new CpuTicks(app is int a ? Ticks(a, children: false) : 0, postgres, Ticks(Environment.ProcessId, children: true));
    }

    private static long Ticks(int pid, bool children) => Stat(pid) is { } s ? s.Own + (children ? s.Children : 0) : 0;

    /// <summary>/proc/PID/stat: the parent (field 4), utime+stime (14, 15), cutime+cstime (16, 17).</summary>
    private static (int Parent, long Own, long Children)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces: the fields after it start past the last ')'.
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return (int.Parse(f[1], CultureInfo.InvariantCulture), L(14) + L(15), L(16) + L(17));
    }

    /// <summary>USER_HZ is 100 on Linux.</summary>
    private static Cpu Busy(CpuTicks before, CpuTicks after, TimeSpan wall) => new(
        (after.App - before.App) / 100.0 / wall.TotalSeconds,
        (after.Postgres - before.Postgres) / 100.0 / wall.TotalSeconds,
        (after.Client - before.Client) / 100.0 / wall.TotalSeconds);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * p) - 1)];
}
