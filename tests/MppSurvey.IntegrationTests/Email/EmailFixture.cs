using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// The app sending e-mail to a real SMTP server of the test's own (<see cref="SmtpTestServer"/>), with
/// PublicOrigin set, so every link in a mail must carry it whatever host the request named. One MPP
/// (Jombang, 35.17) and an administrator.
/// </summary>
public partial class EmailFixture : AppFixture
{
    public const string Origin = "https://skm.jombangkab.go.id";
    public const string Password = "surel-uji-coba-2026";
    public const string Admin = "admin@surel.test";

    public SmtpTestServer Smtp { get; } = new();
    public int MallId { get; private set; }

    /// <summary>False: the app is configured for the server, which is then stopped (a mail server that is down).</summary>
    protected virtual bool SmtpRunning => true;

    protected virtual int ResetRequestsPerAddress => 1000;

    public override async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        await base.InitializeAsync();
        if (!SmtpRunning)
        {
            await Smtp.StopAsync();
        }
        await using var scope = Scope();
        var db = Db(scope);
        var mall = new Mall { RegencyCode = "35.17", Name = "MPP Jombang" };
        db.Malls.Add(mall);
        await db.SaveChangesAsync();
        MallId = mall.Id;
        await TestUsers.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Password,
            (Admin, Roles.Administrator, (string?)null, (int?)null));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("PublicOrigin", Origin);
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        builder.UseSetting("Email:From", "skm@jombangkab.go.id");
        // Every TestServer request comes from one "address": a class's many resets must not meet the limit.
        builder.UseSetting("Email:ResetRequestsPerAddress", ResetRequestsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A client that reaches the app by an internal address and names a forged host on every request.</summary>
    public HttpClient FromElsewhere()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://10.20.30.40:8080"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        client.DefaultRequestHeaders.Host = "evil.example";
        return client;
    }

    public async Task<HttpClient> AdminFromElsewhereAsync()
    {
        var client = FromElsewhere();
        var login = await LoginClient.PostLoginAsync(client, Admin, Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    public async Task<AppUser?> UserAsync(string email)
    {
        await using var scope = Scope();
        return await Db(scope).Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email);
    }

    public async Task CreateUserAsync(string email, string role, string culture = "id", string? regency = null, int? mall = null, string displayName = "")
    {
        await using var scope = Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, RegencyCode = regency, MallId = mall,
            PreferredCulture = culture, DisplayName = displayName,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>Jobs that have run to success so far (Hangfire's own count, in this fixture's database).</summary>
    public long SucceededJobs() => Services.GetRequiredService<JobStorage>().GetMonitoringApi().SucceededListCount();

    /// <summary>
    /// The count of succeeded jobs once none is queued or running: the baseline a test compares with.
    /// A test before it may have waited only for its mail to arrive, and that job's success is recorded
    /// a moment after the mail is sent; read earlier, the count would go up during the test that reads it.
    /// </summary>
    public async Task<long> SucceededJobsWhenIdleAsync()
    {
        await WaitForSucceededJobsAsync(0);
        return SucceededJobs();
    }

    /// <summary>
    /// Waits until <paramref name="count"/> jobs in all have succeeded and none is queued or running:
    /// the ones a test queued have run (the count alone may still miss a job of the test before).
    /// </summary>
    public async Task WaitForSucceededJobsAsync(long count)
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var idle = 0;
        for (var waited = 0; waited < 600 && idle < 3; waited++)
        {
            idle = SucceededJobs() >= count && monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0 ? idle + 1 : 0;
            await Task.Delay(100);
        }
        if (idle < 3)
        {
            throw new TimeoutException($"Only {SucceededJobs()} of {count} jobs succeeded within 60 s.");
        }
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();

    /// <summary>The one link in a mail's plain text (the same one is in its HTML part).</summary>
    public static Uri LinkIn(ReceivedMail mail)
    {
        var links = LinkPattern().Matches(mail.Text).Select(m => m.Value).Distinct().ToList();
        Assert.Single(links);
        Assert.Contains(WebUtility.HtmlEncode(links[0]), mail.Html, StringComparison.Ordinal);
        return new Uri(links[0]);
    }

    /// <summary>Posts a form with an antiforgery token from <paramref name="formPage"/>, the way a browser does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await LoginClient.AntiforgeryTokenAsync(client, formPage);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    /// <summary>Called when the app is disposed (AppFixture's DisposeAsync): the SMTP server stops with it.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.StopAsync().GetAwaiter().GetResult();
        }
    }
}
