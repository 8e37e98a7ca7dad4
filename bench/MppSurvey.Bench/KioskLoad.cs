using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;

namespace MppSurvey.Bench;

/// <summary>
/// Issue 8's fault test of many kiosks, too long for ./test: 200 enrolled kiosks submit for 60 s
/// with the real 20 s cooldown, each retrying its response with the same id until acknowledged, as
/// the kiosk page does. Every acknowledged response must be stored exactly once, with no error.
/// The kiosks and their rows are removed afterwards.
/// </summary>
public static class KioskLoad
{
    public sealed record Outcome(long Acknowledged, long Stored, long Lost, long Errors, long Retries, double P99);

    public static async Task<Outcome> RunAsync(string root, BenchDatabase bench, int kiosks, TimeSpan duration, TextWriter log)
    {
        const double cooldown = 20;
        string regency;
        var tokens = new List<(int Id, string Token)>();
        await using (var scope = bench.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
            var mall = await db.Malls.OrderBy(m => m.Id).Skip(2).FirstAsync();
            regency = mall.RegencyCode;
            // What an interrupted earlier run left behind.
            var stale = await db.Kiosks.Where(k => k.Name.StartsWith("Bench kiosk ")).Select(k => k.Id).ToListAsync();
            await db.Responses.Where(r => r.KioskId != null && stale.Contains(r.KioskId.Value)).ExecuteDeleteAsync();
            await db.Kiosks.Where(k => stale.Contains(k.Id)).ExecuteDeleteAsync();
            var now = DateTimeOffset.UtcNow;
            var created = Enumerable.Range(1, kiosks).Select(i => new Kiosk { MallId = mall.Id, Name = $"Bench kiosk {i:000}" }).ToList();
            var plain = created.Select(k => KioskTokens.Issue(k, now)).ToList();
            db.Kiosks.AddRange(created);
            await db.SaveChangesAsync();
            tokens.AddRange(created.Select((k, i) => (k.Id, plain[i])));
        }
        log.WriteLine($"{kiosks} kiosks enrolled at MPP {regency}; {duration.TotalSeconds:0} s with a {cooldown:0} s cooldown");

        var acknowledged = new ConcurrentDictionary<Guid, byte>();
        long errors = 0, retries = 0;
        var latencies = new ConcurrentBag<double>();
        await using (var app = await BenchApp.StartAsync(root, bench.ConnectionString, new Dictionary<string, string>
        {
            ["Survey:KioskCooldownSeconds"] = cooldown.ToString(CultureInfo.InvariantCulture),
            // All 200 simulated kiosks come from one address here; in an MPP they sit behind its own NAT.
            ["Survey:RateLimit:KioskPermitLimit"] = "1000000",
        }))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = kiosks }) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            var end = DateTime.UtcNow + duration;
            await Task.WhenAll(tokens.Select((kiosk, n) => Task.Run(async () =>
            {
                var random = new Random(n);
                // Visitors do not arrive in step: spread the first responses over one cooldown.
                await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * cooldown));
                while (DateTime.UtcNow < end)
                {
                    var id = Guid.NewGuid();
                    var answers = "{" + string.Join(',', Enumerable.Range(1, 9).Select(i => $"\"U{i}\":{random.Next(1, 5)}")) + "}";
                    var body = $$"""{"id":"{{id}}","regencyCode":"{{regency}}","template":"skm","channel":"kiosk","submittedAt":"{{DateTimeOffset.UtcNow.AddSeconds(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)}}","answers":{{answers}}}""";
                    while (true)
                    {
                        var start = Stopwatch.GetTimestamp();
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/responses") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                        request.Headers.Add(KioskTokens.HeaderName, kiosk.Token);
                        try
                        {
                            using var response = await http.SendAsync(request);
                            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                            {
                                acknowledged[id] = 0;
                                break;
                            }
                            Interlocked.Increment(ref errors);
                            log.WriteLine($"kiosk {kiosk.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                        catch (HttpRequestException e)
                        {
                            Interlocked.Increment(ref errors);
                            log.WriteLine($"kiosk {kiosk.Id}: {e.Message}");
                        }
                        Interlocked.Increment(ref retries);
                        await Task.Delay(1000);
                    }
                    await Task.Delay(TimeSpan.FromSeconds(cooldown + random.NextDouble()));
                }
            })));
        }

        long stored;
        await using (var connection = new NpgsqlConnection(bench.ConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(DISTINCT id) FROM responses WHERE id = ANY($1)", connection);
            count.Parameters.Add(new NpgsqlParameter { Value = acknowledged.Keys.ToArray() });
            stored = (long)(await count.ExecuteScalarAsync())!;
            await using var extra = new NpgsqlCommand("SELECT count(*) FROM responses WHERE kiosk_id = ANY($1)", connection);
            extra.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => t.Id).ToArray() });
            var rows = (long)(await extra.ExecuteScalarAsync())!;
            log.WriteLine($"acknowledged {acknowledged.Count}, stored {stored} of them, {rows} rows from the kiosks in all, {errors} errors, {retries} retries");
            foreach (var sql in new[] { "DELETE FROM responses WHERE kiosk_id = ANY($1)", "DELETE FROM kiosks WHERE id = ANY($1)" })
            {
                await using var cleanup = new NpgsqlCommand(sql, connection);
                cleanup.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => t.Id).ToArray() });
                await cleanup.ExecuteNonQueryAsync();
            }
            if (rows != acknowledged.Count)
            {
                log.WriteLine("MISMATCH: rows stored from the kiosks differ from the acknowledged responses");
            }
        }
        var sorted = latencies.Order().ToList();
        var p99 = sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.99) - 1)];
        return new Outcome(acknowledged.Count, stored, acknowledged.Count - stored, errors, retries, p99);
    }
}
