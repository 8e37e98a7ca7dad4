using MppSurvey.IntegrationTests.Infrastructure;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using MppSurvey.Core.Database;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Regions;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// The real app on Kestrel (Chromium needs a real socket) on a fresh database of its own, with MPP
/// Kabupaten Jombang (35.17), two agencies with services, an open SKM survey for the current
/// semester and an enrolled kiosk. The kiosk and queue timings are seconds, not minutes.
/// </summary>
public sealed class SurveyApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Regency = "35.17";
    public const string MallName = "MPP Kabupaten Jombang";
    public const int IdleSeconds = 3;
    public const int ThanksSeconds = 2;
    public const int CooldownSeconds = 4;
    public const int RetrySeconds = 2;

    /// <summary>The MPP's administrator, who manages its counters and prints their QR codes.</summary>
    public const string AdminEmail = "admin.jombang@uji.test";
    public const string AdminPassword = "uji-coba-2026";

    public string ConnectionString { get; private set; } = "";
    public string BaseUrl { get; private set; } = "";
    public int MallId { get; private set; }
    public int DukcapilId { get; private set; }
    public int KartuKeluargaId { get; private set; }
    public int AktaKelahiranId { get; private set; }
    public int SamsatId { get; private set; }
    public int StnkId { get; private set; }
    public int KioskId { get; private set; }
    /// <summary>The device token the MPP admin would hand out; only its hash is in the database.</summary>
    public string KioskToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var mall = new Mall { RegencyCode = Regency, Name = MallName, TimeZone = IndonesianTimeZone.Wib };
        var dukcapil = new Agency { Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
        dukcapil.Services.Add(new Service { Name = "Kartu Keluarga" });
        dukcapil.Services.Add(new Service { Name = "Akta Kelahiran" });
        var samsat = new Agency { Name = "Samsat Jombang", ShortName = "Samsat" };
        samsat.Services.Add(new Service { Name = "Perpanjangan STNK tahunan" });
        mall.Agencies.Add(dukcapil);
        mall.Agencies.Add(samsat);
        var kiosk = new Kiosk { Name = "Kios lobi utama", TokenHash = KioskTokens.Hash(KioskToken), EnrolledAt = DateTimeOffset.UtcNow };
        mall.Kiosks.Add(kiosk);
        db.Malls.Add(mall);
        var period = Period.Containing(DateOnly.FromDateTime(mall.LocalTime(DateTimeOffset.UtcNow)), PeriodKind.Semester);
        if (!await db.Periods.AnyAsync(p => p.Code == period.Code))
        {
            db.Periods.Add(period);
        }
        var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
        await db.SaveChangesAsync();
        db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = period.Code });
        await db.SaveChangesAsync();
        MallId = mall.Id;
        DukcapilId = dukcapil.Id;
        KartuKeluargaId = dukcapil.Services[0].Id;
        AktaKelahiranId = dukcapil.Services[1].Id;
        SamsatId = samsat.Id;
        StnkId = samsat.Services[0].Id;
        KioskId = kiosk.Id;

        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = new AppUser { UserName = AdminEmail, Email = AdminEmail, EmailConfirmed = true, DisplayName = "Admin MPP Jombang", RegencyCode = Regency, MallId = mall.Id };
        Check(await users.CreateAsync(admin, AdminPassword));
        Check(await users.AddToRoleAsync(admin, Roles.MppAdmin));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Another enrolled kiosk of the MPP, as the admin would issue it: the API's cooldown is per kiosk, so each test gets its own.</summary>
    public async Task<(int Id, string Token)> EnrolKioskAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();
        var kiosk = new Kiosk { MallId = MallId, Name = "Kios " + Guid.NewGuid().ToString("N")[..6] };
        var token = KioskTokens.Issue(kiosk, DateTimeOffset.UtcNow);
        db.Kiosks.Add(kiosk);
        await db.SaveChangesAsync();
        return (kiosk.Id, token);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:MppSurvey", ConnectionString);
        builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Survey:KioskIdleSeconds", IdleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Survey:KioskThanksSeconds", ThanksSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Survey:KioskCooldownSeconds", CooldownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Survey:QueueRetrySeconds", RetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public string Url(string pathAndQuery) => BaseUrl + pathAndQuery;

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public static MppSurveyDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
