using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MppSurvey.IntegrationTests.Hosting;

/// <summary>The web app on a database the test prepared itself (a script, a restored backup), with extra settings.</summary>
internal sealed class AppInstance(string connectionString, IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:MppSurvey", connectionString);
        builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>No cookie jar and no redirects: the tests carry cookies by hand, from one instance to another.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
}
