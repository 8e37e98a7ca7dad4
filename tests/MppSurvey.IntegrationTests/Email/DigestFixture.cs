using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Alerts;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>The app's clock, held still at a chosen instant (the digest's week is read from it).</summary>
public sealed class HeldClock : TimeProvider
{
    public DateTimeOffset At { get; set; }

    public override DateTimeOffset GetUtcNow() => At;
}

/// <summary>
/// Two MPPs with a week of data for the weekly digest, the app's clock held at Monday 30 November 2026
/// 00:00 UTC (07:00 WIB), so the digest reports Monday 23 to Sunday 29 November 2026 (period 2026-S2).
/// Hand-worked, Jombang (35.17, WIB): 7 SKM responses that week (a burst-flagged one and one on Monday
/// 30th are not counted), 41 in the period up to its end, population 57 -> Krejcie &amp; Morgan target 52
/// (the row N = 60); the stored index 77.50 [74.10; 80.90] of 40 respondents computed 30 Nov 01:30 WIB;
/// 2 alerts raised that week (00:30 WIB Monday 23rd counts, 23:30 WIB Sunday 22nd and 00:30 WIB Monday
/// 30th do not); themes: queue 1 -> 4 and praise 2 -> 3 grew, parking 3 -> 3 and toilet 0 -> 2 not.
/// Bima (52.72): 3 responses that week, no population, no index, 1 alert.
/// </summary>
public sealed class DigestFixture : EmailFixture
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly Week = new(2026, 11, 23);

    public const string MppJombang = "mpp.jombang@surel.test";
    public const string BupatiJombang = "bupati.jombang@surel.test";
    public const string BupatiBima = "bupati.bima@surel.test";
    public static readonly string[] Recipients = [BupatiBima, BupatiJombang, MppJombang];

    public HeldClock Clock { get; } = new() { At = Monday };
    public int BimaId { get; private set; }
    public const string AlertPhone = "0812 3456 7890";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        if (!await db.Periods.AnyAsync(p => p.Code == "2026-S2"))
        {
            db.Periods.Add(Period.Parse("2026-S2"));
        }
        var bima = new Mall { RegencyCode = "52.72", Name = "MPP Kota Bima" };
        db.Malls.Add(bima);
        await db.SaveChangesAsync();
        BimaId = bima.Id;

        var jombang = await SeedMallAsync(db, MallId, population: 57);
        var week = Week.ToDateTime(TimeOnly.MinValue);
        var t = SuggestionTheme.Queue;
        // Jombang this week: 7 counted (Monday 00:00 to Sunday 23:59:59), with their themes.
        SuggestionTheme[] thisWeek = [t | SuggestionTheme.Toilet, t | SuggestionTheme.Toilet, t, t,
            SuggestionTheme.Praise | SuggestionTheme.Parking, SuggestionTheme.Praise | SuggestionTheme.Parking, SuggestionTheme.Praise | SuggestionTheme.Parking];
        var at = new[] { week, week.AddDays(1).AddHours(9), week.AddDays(2).AddHours(10), week.AddDays(3).AddHours(11),
            week.AddDays(4).AddHours(8), week.AddDays(5).AddHours(13), week.AddDays(7).AddSeconds(-1) };
        var counted = new List<Response>();
        for (var i = 0; i < 7; i++)
        {
            counted.Add(Add(db, jombang, at[i], thisWeek[i]));
        }
        // Not counted: a burst (with a queue theme that must not count either) and Monday of the next week.
        Add(db, jombang, week.AddDays(2).AddHours(10), SuggestionTheme.Queue, ResponseFlags.Burst);
        Add(db, jombang, week.AddDays(7).AddHours(8), SuggestionTheme.Queue);
        // The week before (16-22 November): 4 responses, themes queue 1, praise 2, parking 3.
        var before = week.AddDays(-7);
        Add(db, jombang, before.AddHours(9), SuggestionTheme.Queue | SuggestionTheme.Parking);
        Add(db, jombang, before.AddDays(2).AddHours(9), SuggestionTheme.Praise | SuggestionTheme.Parking);
        Add(db, jombang, before.AddDays(6).AddHours(23).AddMinutes(59), SuggestionTheme.Praise | SuggestionTheme.Parking);
        Add(db, jombang, before.AddDays(4).AddHours(9), SuggestionTheme.None);
        // Earlier in the period: 30 more (July to the start of November): 7 + 4 + 30 = 41.
        for (var i = 0; i < 30; i++)
        {
            Add(db, jombang, new DateTime(2026, 7, 1, 9, 0, 0).AddDays(i * 4), SuggestionTheme.None);
        }
        var bimaSurvey = await SeedMallAsync(db, BimaId, population: null);
        var bimaResponses = Enumerable.Range(0, 3).Select(i => Add(db, bimaSurvey, week.AddDays(i).AddHours(10), SuggestionTheme.Queue)).ToList();
        await db.SaveChangesAsync();

        db.IndexResults.Add(new IndexResult
        {
            PeriodCode = "2026-S2", TemplateCode = "skm", UnitKind = UnitKind.Mall, UnitKey = "35.17", MallId = MallId, ProvinceCode = "35",
            Respondents = 40, ElementCodes = ["U1"], ElementAnswered = [40], ElementSums = [124], Ikm = 3.1m, Converted = 77.50m, Grade = "B",
            CiLow = 74.1, CiHigh = 80.9, StandardError = 1.7, ScoreN = 40, ComputedAt = new DateTimeOffset(2026, 11, 29, 18, 30, 0, TimeSpan.Zero),
        });
        // Alerts on instants: WIB is UTC+7.
        Alert(db, MallId, counted[0], new DateTimeOffset(2026, 11, 22, 17, 30, 0, TimeSpan.Zero), $"Petugas minta uang rokok, hubungi saya {AlertPhone}");
        Alert(db, MallId, counted[1], new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero), "Ada calo di depan loket");
        Alert(db, MallId, counted[2], new DateTimeOffset(2026, 11, 22, 16, 30, 0, TimeSpan.Zero), "teks-minggu-lalu");
        Alert(db, MallId, counted[3], new DateTimeOffset(2026, 11, 29, 17, 30, 0, TimeSpan.Zero), "teks-minggu-depan");
        Alert(db, BimaId, bimaResponses[0], new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero), "pungli di Bima");
        await db.SaveChangesAsync();

        await CreateUserAsync(MppJombang, Roles.MppAdmin, "id", "35.17", MallId, "Admin MPP Jombang");
        await CreateUserAsync(BupatiJombang, Roles.RegionalHead, "en", "35.17", null, "Bupati Jombang");
        await CreateUserAsync(BupatiBima, Roles.RegionalHead, "id", "52.72", null, "Wali Kota Bima");
        await CreateUserAsync("berhenti.jombang@surel.test", Roles.MppAdmin, "id", "35.17", MallId);
        await CreateUserAsync("nonaktif.jombang@surel.test", Roles.MppAdmin, "id", "35.17", MallId);
        await CreateUserAsync("deputi@surel.test", Roles.Ministry);
        await db.Users.Where(u => u.Email == "berhenti.jombang@surel.test").ExecuteUpdateAsync(s => s.SetProperty(u => u.WeeklyDigest, false));
        await db.Users.Where(u => u.Email == "nonaktif.jombang@surel.test").ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, AccountDisabling.Until));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        // No role at all, though scoped to Jombang; and an invitation never accepted (no password).
        Assert.True((await users.CreateAsync(new AppUser { UserName = "tanpa.peran@surel.test", Email = "tanpa.peran@surel.test", RegencyCode = "35.17", MallId = MallId }, Password)).Succeeded);
        var invited = new AppUser { UserName = "diundang@surel.test", Email = "diundang@surel.test", MallId = MallId, RegencyCode = "35.17", InvitedAt = Monday, InvitedBy = Admin };
        Assert.True((await users.CreateAsync(invited)).Succeeded);
        Assert.True((await users.AddToRoleAsync(invited, Roles.MppAdmin)).Succeeded);
    }

    private sealed record Seeded(int MallId, int SurveyId, int AgencyId, int ServiceId, int VersionId);

    private static async Task<Seeded> SeedMallAsync(Core.Database.MppSurveyDbContext db, int mallId, int? population)
    {
        var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        var agency = new Agency { MallId = mallId, Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
        agency.Services.Add(new Service { Name = "Kartu Keluarga" });
        db.Agencies.Add(agency);
        var survey = new Survey { MallId = mallId, TemplateVersionId = version.Id, PeriodCode = "2026-S2", Population = population, OpenedAt = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero) };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync();
        return new Seeded(mallId, survey.Id, agency.Id, agency.Services[0].Id, version.Id);
    }

    private static Response Add(Core.Database.MppSurveyDbContext db, Seeded s, DateTime local, SuggestionTheme themes, ResponseFlags flags = ResponseFlags.None)
    {
        var response = new Response
        {
            Id = Guid.NewGuid(), SurveyId = s.SurveyId, MallId = s.MallId, AgencyId = s.AgencyId, ServiceId = s.ServiceId, TemplateVersionId = s.VersionId,
            PeriodCode = "2026-S2", Channel = ResponseChannel.Kiosk, SubmittedAtLocal = local, ReceivedAt = new DateTimeOffset(local, TimeSpan.FromHours(7)).ToUniversalTime(),
            Scores = [3, 3, 3, 3, 3, 3, 3, 3, 3], Suggestion = themes == SuggestionTheme.None ? null : "saran " + themes, Themes = themes, Flags = flags,
        };
        db.Responses.Add(response);
        return response;
    }

    private static void Alert(Core.Database.MppSurveyDbContext db, int mallId, Response response, DateTimeOffset at, string text) =>
        db.IntegrityAlerts.Add(new IntegrityAlert
        {
            MallId = mallId, ResponseId = response.Id, PeriodCode = "2026-S2", Reason = IntegrityAlertReason.Suggestion, RaisedAt = at, MaskedText = text,
        });
}
