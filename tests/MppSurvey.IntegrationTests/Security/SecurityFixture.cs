using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Security;

/// <summary>One MPP (35.17) with an agency and a service, and a user for each role that can post forms.</summary>
public sealed class SecurityFixture : AppFixture
{
    public const string Password = "uji-keamanan-2026";
    public const string Regency = "35.17";
    public const string Administrator = "admin@keamanan.test";
    public const string MppAdmin = "mpp@keamanan.test";
    public const string Ministry = "deputi@keamanan.test";

    /// <summary>
    /// Not localhost: HSTS is never sent for localhost (HstsOptions.ExcludedHosts), so a
    /// deployment-like host name is what shows the real behaviour. TestServer answers any host.
    /// </summary>
    public static readonly Uri HttpsBase = new("https://mpp.example.go.id/");

    public static readonly Uri HttpBase = new("http://mpp.example.go.id/");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Scope();
        var db = Db(scope);
        var agency = new Agency { Name = "Dinas Uji", ShortName = "UJI" };
        agency.Services.Add(new Service { Name = "Layanan Uji" });
        var mall = new Mall { RegencyCode = Regency, Name = "MPP Uji" };
        mall.Agencies.Add(agency);
        db.Malls.Add(mall);
        await db.SaveChangesAsync();
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
            (Administrator, Roles.Administrator, null, null),
            (MppAdmin, Roles.MppAdmin, Regency, mall.Id),
            (Ministry, Roles.Ministry, null, null));
    }

    public HttpClient Client(Uri baseAddress) =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = baseAddress });
}
