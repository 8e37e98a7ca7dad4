using Microsoft.EntityFrameworkCore;
using Npgsql;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Demo;

/// <summary>
/// The demo's SPKP and SPAK surveys (docs/method.md, Other templates (SPKP, SPAK)): every demo MPP
/// runs both beside SKM, answered by a share of its visitors, so the dashboard, the ministry page,
/// the public page and the workbook have perception results to show. Drawn from a Random of their
/// own: the SKM responses (and every figure tests assert on them) stay exactly as they were.
/// </summary>
public sealed partial class DemoSeeder
{
    /// <summary>Visitors who also fill in the SPKP form; of those, the share who go on to SPAK.</summary>
    public const double SpkpShare = 0.25, SpakShareOfSpkp = 0.8;

    /// <summary>Per indicator, how far it sits from the MPP's level (P1..P8; A1..A5), on the 1-6 scale.</summary>
    private static readonly double[] SpkpOffsets = [0.05, 0.00, -0.15, -0.35, 0.30, -0.10, 0.10, -0.25];
    private static readonly double[] SpakOffsets = [0.25, 0.15, 0.10, 0.20, 0.30];

    private async Task<List<SurveyTemplateVersion>> PerceptionVersionsAsync(CancellationToken ct)
    {
        var versions = await db.SurveyTemplateVersions.Include(v => v.Template)
            .Where(v => (v.Template!.Code == "spkp" || v.Template.Code == "spak") && v.PublishedAt != null)
            .ToListAsync(ct);
        // The newest version of each, SPKP first (the order visitors answer them in).
        return versions.GroupBy(v => v.Template!.Code).Select(g => g.OrderByDescending(v => v.Version).First())
            .OrderBy(v => v.Template!.Code == "spak").ToList();
    }

    private async Task<long> GeneratePerceptionAsync(Mall mall, DemoCatalog.MallSpec spec, List<SurveyTemplateVersion> versions, Period period,
        int semesterIndex, DateOnly lastDay, double scale, int mallIndex, CancellationToken ct)
    {
        long written = 0;
        foreach (var version in versions)
        {
            var survey = await EnsureSurveyAsync(mall, version, period, closed: period.EndsOn < lastDay, ct);
            if (await db.Responses.AnyAsync(r => r.SurveyId == survey.Id, ct))
            {
                continue;
            }
            var isSpak = version.Template!.Code == "spak";
            // Seeds far from the SKM ones (m * 100 + p), one stream per MPP, period and template.
            var random = new Random(1_000_000 + mallIndex * 1000 + semesterIndex * 10 + (isSpak ? 1 : 0));
            written += await WritePerceptionAsync(mall, spec, survey, version, period, semesterIndex, lastDay,
                scale * SpkpShare * (isSpak ? SpakShareOfSpkp : 1), isSpak ? SpakOffsets : SpkpOffsets, isSpak ? 0.35 : 0, random, ct);
        }
        return written;
    }

    private async Task<long> WritePerceptionAsync(Mall mall, DemoCatalog.MallSpec spec, Survey survey, SurveyTemplateVersion version, Period period,
        int semesterIndex, DateOnly lastDay, double scale, double[] offsets, double lift, Random random, CancellationToken ct)
    {
        var offset = TimeSpan.FromHours((int)mall.TimeZone);
        var services = mall.Agencies.SelectMany(a => a.Services.Select(s => (agency: a, service: s))).ToArray();
        // The SKM level on 1-4 mapped onto 1-6, so an MPP that satisfies on SKM also scores well here.
        var level = 1 + (spec.Level + spec.Trend * semesterIndex - 1) * 5 / 3.0 + lift;
        var elements = version.ElementCodes.Length;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var writer = await connection.BeginBinaryImportAsync(ResponseCopy.Command, ct);
            long written = 0;
            for (var day = period.StartsOn; day <= period.EndsOn && day <= lastDay; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }
                var expected = spec.DailyVisitors * scale * (0.6 + 0.8 * random.NextDouble());
                var count = (int)expected + (random.NextDouble() < expected % 1 ? 1 : 0);
                for (var i = 0; i < count; i++)
                {
                    var (agency, service) = services[random.Next(services.Length)];
                    var local = day.ToDateTime(new TimeOnly(8, 0)).AddSeconds(random.Next(8 * 3600));
                    var mood = Normal(random) * 0.5;
                    var scores = new short?[elements];
                    for (var e = 0; e < elements; e++)
                    {
                        // A few answers are left blank, as on SKM.
                        if (random.NextDouble() < 0.02)
                        {
                            continue;
                        }
                        var mean = level + (e < offsets.Length ? offsets[e] : 0) + mood;
                        scores[e] = (short)Math.Clamp((int)Math.Round(mean + Normal(random) * 0.6), version.ScaleMin, version.ScaleMax);
                    }
                    var channel = random.NextDouble() < 0.6 ? ResponseChannel.Kiosk : ResponseChannel.QrPhone;
                    await ResponseCopy.WriteAsync(writer, new Response
                    {
                        Id = NewId(random),
                        SurveyId = survey.Id,
                        MallId = mall.Id,
                        AgencyId = agency.Id,
                        ServiceId = service.Id,
                        TemplateVersionId = version.Id,
                        PeriodCode = period.Code,
                        Channel = channel,
                        KioskId = channel == ResponseChannel.Kiosk && mall.Kiosks.Count > 0 ? mall.Kiosks[0].Id : null,
                        SubmittedAtLocal = local,
                        ReceivedAt = new DateTimeOffset(local, offset).AddSeconds(random.Next(1, 5)),
                        Scores = scores,
                    }, ct);
                    written++;
                }
            }
            await writer.CompleteAsync(ct);
            return written;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
