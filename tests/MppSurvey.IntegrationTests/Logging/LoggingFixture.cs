using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Logging;

/// <summary>The response API's MPP (<see cref="ApiFixture"/>) with the host's log captured as JSON lines, and staff users to sign in.</summary>
public sealed class LoggingFixture : ApiFixture
{
    public const string Password = "log-uji-2026-aman";
    public const string Admin = "admin.log@akun.test";
    public const string MppAdmin = "mpp.log@akun.test";
    public string MppAdminId { get; private set; } = "";

    public CapturedLog Log => CapturedLog.Of(Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        CapturedLog.AddTo(builder);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await NewUserAsync(Admin);
        await using var scope = Scope();
        var mall = await Db(scope).Malls.SingleAsync(m => m.RegencyCode == Regency);
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password, (MppAdmin, Roles.MppAdmin, Regency, mall.Id));
        MppAdminId = (await Db(scope).Users.AsNoTracking().SingleAsync(u => u.Email == MppAdmin)).Id;
    }

    /// <summary>A user of the test's own (a lockout must not disturb other tests); returns the user id.</summary>
    public async Task<string> NewUserAsync(string email)
    {
        await using var scope = Scope();
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password, (email, Roles.Administrator, null, null));
        return (await Db(scope).Users.AsNoTracking().SingleAsync(u => u.Email == email)).Id;
    }
}
