using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MppSurvey.IntegrationTests.Infrastructure;
using MppSurvey.Web.Email;

namespace MppSurvey.IntegrationTests.Email;

/// <summary>
/// The `Email` section checked at start-up: each bad value is refused with one sentence naming the
/// setting; no host means e-mail is off and nothing else is checked.
/// </summary>
public sealed class EmailSettingsTests
{
    private static EmailOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddMppSurveyEmail();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EmailOptions>>().Value;
    }

    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Email:Smtp:Host"] = "smtp.jombangkab.go.id",
        ["Email:Smtp:User"] = "skm",
        ["Email:Smtp:Password"] = "rahasia",
        ["Email:From"] = "skm@jombangkab.go.id",
    };

    [Fact]
    public void Without_a_host_e_mail_is_off_and_the_defaults_hold()
    {
        var options = Resolve(new() { ["Email:From"] = "bukan alamat" });

        Assert.False(options.Enabled);
        Assert.Equal(587, options.Smtp.Port);
        Assert.Equal(SmtpSecurity.StartTls, options.Smtp.Security);
        Assert.Equal("MppSurvey", options.FromName);
        Assert.Equal(10, options.ResetRequestsPerAddress);
    }

    [Fact]
    public void A_relay_with_login_on_port_465_is_accepted()
    {
        var options = Resolve(new(Good) { ["Email:Smtp:Port"] = "465", ["Email:Smtp:Security"] = "sslonconnect" });

        Assert.True(options.Enabled);
        Assert.Equal(465, options.Smtp.Port);
        Assert.Equal(SmtpSecurity.SslOnConnect, options.Smtp.Security);
    }

    [Theory]
    [InlineData("Email:Smtp:Port", "70000", "Email:Smtp:Port (Email__Smtp__Port) must be between 1 and 65535 (it is 70000).")]
    [InlineData("Email:Smtp:Port", "0", "Email:Smtp:Port (Email__Smtp__Port) must be between 1 and 65535 (it is 0).")]
    [InlineData("Email:Smtp:Port", "dua lima", "Email:Smtp:Port (Email__Smtp__Port) must be a whole number (it is \"dua lima\").")]
    [InlineData("Email:Smtp:Security", "Tls", "Email:Smtp:Security (Email__Smtp__Security) must be None, StartTls or SslOnConnect (it is \"Tls\").")]
    [InlineData("Email:Smtp:Security", "7", "Email:Smtp:Security (Email__Smtp__Security) must be None, StartTls or SslOnConnect (it is \"7\").")]
    [InlineData("Email:Smtp:Security", "1", "Email:Smtp:Security (Email__Smtp__Security) must be None, StartTls or SslOnConnect (it is \"1\").")]
    [InlineData("Email:Smtp:Host", "smtp jombang", "Email:Smtp:Host (Email__Smtp__Host) must be a host name or an IP address (it is \"smtp jombang\").")]
    [InlineData("Email:Smtp:Password", "", "Email:Smtp:User (Email__Smtp__User) and Email:Smtp:Password (Email__Smtp__Password) must be set together (or neither, for a relay that needs no login).")]
    [InlineData("Email:From", "", "Email:From (Email__From) must be set to the sender's address when Email:Smtp:Host (Email__Smtp__Host) is set.")]
    [InlineData("Email:From", "SKM <skm@jombangkab.go.id>", "Email:From (Email__From) must be one e-mail address such as skm@jombangkab.go.id (it is \"SKM <skm@jombangkab.go.id>\").")]
    [InlineData("Email:From", "skm", "Email:From (Email__From) must be one e-mail address such as skm@jombangkab.go.id (it is \"skm\").")]
    [InlineData("Email:ResetRequestsPerAddress", "0", "Email:ResetRequestsPerAddress (Email__ResetRequestsPerAddress) must be 1 or more (it is 0).")]
    [InlineData("Email:ResetRequestsPerAddress", "", "Email:ResetRequestsPerAddress (Email__ResetRequestsPerAddress) must be a whole number (it is \"\").")]
    [InlineData("Email:FromName", "SKM\r\nBcc: x@y.test", "Email:FromName (Email__FromName) must be a line of text such as MppSurvey.")]
    public void A_bad_value_is_refused_with_one_sentence_naming_the_setting(string key, string value, string sentence)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new(Good) { [key] = value }));

        Assert.Equal([sentence], error.Failures);
    }

    [Fact]
    public async Task The_app_stops_at_start_up_with_the_sentence_and_exit_code_1()
    {
        var (exit, output) = await MppSurvey.IntegrationTests.Startup.StartupFailureTests.RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__MppSurvey"] = TestPostgres.UnusedDatabase(),
            ["PublicOrigin"] = "https://skm.jombangkab.go.id",
            ["Email__Smtp__Host"] = "smtp.jombangkab.go.id",
            ["Email__Smtp__Port"] = "70000",
            ["Email__From"] = "skm@jombangkab.go.id",
        });

        Assert.Equal(1, exit);
        Assert.Contains("MppSurvey cannot start: Email:Smtp:Port (Email__Smtp__Port) must be between 1 and 65535 (it is 70000).", output);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output);
    }
}
