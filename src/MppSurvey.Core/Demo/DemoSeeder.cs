using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Demo;

/// <summary>
/// Loads the demo: 26 MPPs with their agencies and services, six semesters of synthetic SKM
/// responses, and one user per role. Idempotent: what exists is kept, so a second `./run` reuses
/// the data; a survey that already has responses is not filled again.
/// </summary>
public sealed partial class DemoSeeder(MppSurveyDbContext db, UserManager<AppUser> users)
{
    public const string Password = "mppsurvey-demo-2026";
    public const int SemesterCount = 6;

    public sealed record DemoUser(string Email, string DisplayName, string Role, string? RegencyCode, bool BindMall);

    public static readonly DemoUser[] Users =
    [
        new("admin@mppsurvey.test", "Administrator Sistem", Roles.Administrator, null, false),
        new("kementerian@mppsurvey.test", "Deputi Pelayanan Publik", Roles.Ministry, null, false),
        new("bupati.jombang@mppsurvey.test", "Bupati Jombang", Roles.RegionalHead, "35.17", false),
        new("admin.jombang@mppsurvey.test", "Admin MPP Jombang", Roles.MppAdmin, "35.17", true),
    ];

    /// <param name="scale">Multiplies daily volumes: 1.0 for the demo (~0.7 M responses), small values for tests.</param>
    /// <param name="today">The last day to generate; defaults to today in WIB.</param>
    public async Task SeedAsync(double scale, TextWriter progress, CancellationToken ct = default, DateOnly? today = null)
    {
        var lastDay = today ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var version = await db.SurveyTemplateVersions
            .Where(v => v.Template!.Code == "skm" && v.PublishedAt != null)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The skm template must be loaded before the demo data.");
        var perceptionVersions = await PerceptionVersionsAsync(ct);
        var fresh = !await db.Responses.AnyAsync(ct);

        // The current semester and the ones before it, oldest first.
        var periods = new List<Period> { Period.Containing(lastDay, PeriodKind.Semester) };
        while (periods.Count < SemesterCount)
        {
            periods.Insert(0, periods[0].Previous());
        }
        await EnsurePeriodsAsync(periods, ct);

        var total = 0L;
        for (var m = 0; m < DemoCatalog.Malls.Length; m++)
        {
            var spec = DemoCatalog.Malls[m];
            var mall = await EnsureMallAsync(spec, ct);
            for (var p = 0; p < periods.Count; p++)
            {
                var survey = await EnsureSurveyAsync(mall, version, periods[p], closed: periods[p].EndsOn < lastDay, ct);
                if (!await db.Responses.AnyAsync(r => r.SurveyId == survey.Id, ct))
                {
                    total += await GenerateResponsesAsync(mall, spec, survey, version, periods[p], p, lastDay, scale, seed: m * 100 + p, ct);
                }
                total += await GeneratePerceptionAsync(mall, spec, perceptionVersions, periods[p], p, lastDay, scale, m, ct);
            }
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo: {spec.Name} ready ({total:N0} responses generated so far)"));
        }
        if (fresh && total > 0)
        {
            // Every suggestion of a fresh demo was classified as it was generated, with this lexicon: say so,
            // or each start-up would queue a re-classification of what is already current.
            db.JobRuns.Add(new JobRun
            {
                Kind = Themes.SuggestionReclassification.JobKind,
                Parameters = Themes.SuggestionClassifier.LexiconVersion,
                Status = JobRunStatus.Succeeded,
                FinishedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(ct);
        }
        await EnsureUsersAsync(ct);
    }

    private async Task EnsurePeriodsAsync(IEnumerable<Period> periods, CancellationToken ct)
    {
        foreach (var period in periods)
        {
            if (!await db.Periods.AnyAsync(p => p.Code == period.Code, ct))
            {
                db.Periods.Add(period);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<Mall> EnsureMallAsync(DemoCatalog.MallSpec spec, CancellationToken ct)
    {
        var mall = await db.Malls.Include(x => x.Agencies).ThenInclude(a => a.Services).Include(x => x.Kiosks).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.RegencyCode == spec.RegencyCode, ct);
        if (mall is not null)
        {
            return mall;
        }
        var regency = await db.Regencies.SingleAsync(r => r.Code == spec.RegencyCode, ct);
        mall = new Mall { RegencyCode = spec.RegencyCode, Name = spec.Name, Address = spec.Address, TimeZone = regency.TimeZone };
        // Every MPP hosts Dukcapil and Samsat; the rest varies by MPP (10-16 agencies in all).
        var random = new Random(spec.RegencyCode.GetHashCode(StringComparison.Ordinal) & 0x7fff);
        var count = random.Next(10, DemoCatalog.Agencies.Length + 1);
        foreach (var agency in DemoCatalog.Agencies.Take(2).Concat(DemoCatalog.Agencies.Skip(2).OrderBy(_ => random.Next()).Take(count - 2)))
        {
            var entity = new Agency { Name = agency.Name, ShortName = agency.ShortName };
            entity.Services.AddRange(agency.Services.Select(s => new Service { Name = s }));
            mall.Agencies.Add(entity);
        }
        mall.Kiosks.Add(new Kiosk { Name = "Kios lobi utama" });
        db.Malls.Add(mall);
        await db.SaveChangesAsync(ct);
        return mall;
    }

    private async Task<Survey> EnsureSurveyAsync(Mall mall, SurveyTemplateVersion version, Period period, bool closed, CancellationToken ct)
    {
        var survey = await db.Surveys.FirstOrDefaultAsync(s => s.MallId == mall.Id && s.PeriodCode == period.Code && s.TemplateVersionId == version.Id, ct);
        if (survey is not null)
        {
            return survey;
        }
        var opened = new DateTimeOffset(period.StartsOn.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours((int)mall.TimeZone)).ToUniversalTime();
        survey = new Survey
        {
            MallId = mall.Id,
            TemplateVersionId = version.Id,
            PeriodCode = period.Code,
            OpenedAt = opened,
            ClosedAt = closed ? opened.AddMonths(6) : null,
            PublishedAt = closed ? opened.AddMonths(6).AddDays(14) : null,
        };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return survey;
    }

    private async Task<long> GenerateResponsesAsync(Mall mall, DemoCatalog.MallSpec spec, Survey survey, SurveyTemplateVersion version,
        Period period, int semesterIndex, DateOnly lastDay, double scale, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        // The service model is drawn from a Random of its own, so every other demo figure (and the tests asserting them) stays as it was.
        var delivery = new Random(seed ^ 0x5E7D);
        var offset = TimeSpan.FromHours((int)mall.TimeZone);
        var agencies = mall.Agencies.Select(a => (agency: a, spec: DemoCatalog.Agencies.First(s => s.Name == a.Name))).ToArray();
        var shareTotal = agencies.Sum(a => a.spec.Share);
        var level = spec.Level + spec.Trend * semesterIndex;
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
                // Stochastic rounding keeps small scales (tests) from rounding every day down to nobody.
                var expected = spec.DailyVisitors * scale * (0.6 + 0.8 * random.NextDouble());
                var count = (int)expected + (random.NextDouble() < expected % 1 ? 1 : 0);
                for (var i = 0; i < count; i++)
                {
                    var pick = random.NextDouble() * shareTotal;
                    var (agency, agencySpec) = agencies[^1];
                    foreach (var a in agencies)
                    {
                        pick -= a.spec.Share;
                        if (pick <= 0)
                        {
                            (agency, agencySpec) = a;
                            break;
                        }
                    }
                    var service = agency.Services[random.Next(agency.Services.Count)];
                    var local = day.ToDateTime(new TimeOnly(8, 0)).AddSeconds(random.Next(8 * 3600));
                    var respondentMood = Normal(random) * 0.35;
                    var scores = new short?[elements];
                    for (var e = 0; e < elements; e++)
                    {
                        // About 2% of answers are left blank; blanks are never scored as 0 (docs/method.md, The index).
                        if (random.NextDouble() < 0.02)
                        {
                            continue;
                        }
                        var mean = level + agencySpec.Offset + (e < DemoCatalog.ElementOffsets.Length ? DemoCatalog.ElementOffsets[e] : 0) + respondentMood;
                        scores[e] = (short)Math.Clamp((int)Math.Round(mean + Normal(random) * 0.45), 1, 4);
                    }
                    var channel = random.NextDouble() switch { < 0.6 => ResponseChannel.Kiosk, < 0.95 => ResponseChannel.QrPhone, _ => ResponseChannel.OfficerAssisted };
                    var model = DemoServiceModel(channel, delivery);

                    var response = new Response
                    {
                        Id = NewId(random),
                        SurveyId = survey.Id,
                        MallId = mall.Id,
                        AgencyId = agency.Id,
                        ServiceId = service.Id,
                        TemplateVersionId = version.Id,
                        PeriodCode = period.Code,
                        Channel = channel,
                        ServiceModel = model,
                        KioskId = channel == ResponseChannel.Kiosk && mall.Kiosks.Count > 0 ? mall.Kiosks[0].Id : null,
                        SubmittedAtLocal = local,
                        ReceivedAt = new DateTimeOffset(local, offset).AddSeconds(random.Next(1, 5)),
                        Gender = (Gender)random.Next(1, 3),
                        Age = (short)random.Next(17, 71),
                        Education = (Education)(random.NextDouble() switch { < 0.08 => 1, < 0.2 => 2, < 0.55 => 3, < 0.68 => 4, < 0.93 => 5, < 0.99 => 6, _ => 7 }),
                        Occupation = (Occupation)random.Next(1, 8),
                        Scores = scores,
                        Suggestion = random.NextDouble() < 0.08 ? DemoCatalog.Suggestions[random.Next(DemoCatalog.Suggestions.Length)] : null,
                    };
                    // Classified as the recorder would, so the demo dashboard has themes to show.
                    response.Themes = Themes.SuggestionClassifier.Classify(response.Suggestion);
                    await ResponseCopy.WriteAsync(writer, response, ct);
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

    private async Task EnsureUsersAsync(CancellationToken ct)
    {
        foreach (var demo in Users)
        {
            if (await users.FindByEmailAsync(demo.Email) is not null)
            {
                continue;
            }
            int? mallId = demo.BindMall ? await db.Malls.Where(m => m.RegencyCode == demo.RegencyCode).Select(m => (int?)m.Id).SingleAsync(ct) : null;
            var user = new AppUser
            {
                UserName = demo.Email,
                Email = demo.Email,
                EmailConfirmed = true,
                DisplayName = demo.DisplayName,
                RegencyCode = demo.RegencyCode,
                MallId = mallId,
            };
            Check(await users.CreateAsync(user, Password), demo.Email);
            Check(await users.AddToRoleAsync(user, demo.Role), demo.Email);
        }
    }

    private static void Check(IdentityResult result, string who)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {who}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    /// <summary>
    /// The demo kiosk stands at the counters (langsung); a QR code is mostly at a counter, sometimes on a
    /// self-service corner, the MPP Digital site or a mobile-service sheet; an officer's tablet mostly goes out (jemput bola).
    /// </summary>
    private static ServiceModel DemoServiceModel(ResponseChannel channel, Random delivery)
    {
        var draw = delivery.NextDouble();
        return channel switch
        {
            ResponseChannel.QrPhone => draw switch { < 0.75 => ServiceModel.Direct, < 0.85 => ServiceModel.SelfService, < 0.95 => ServiceModel.Digital, _ => ServiceModel.Mobile },
            ResponseChannel.OfficerAssisted => draw < 0.8 ? ServiceModel.Mobile : ServiceModel.Direct,
            _ => ServiceModel.Direct,
        };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0f) | 0x40);
        return new Guid(bytes);
    }
}
