using MimeKit;
using MppSurvey.Web.Hosting;

namespace MppSurvey.Web.Email;

/// <summary>
/// Settings of section `Email` (capability: e-mail). Without `Email:Smtp:Host` the app sends nothing
/// and shows the inviter the invitation link to pass on by hand, as it always did.
/// `Email:Smtp:Host`, `Email:Smtp:Port` (587), `Email:Smtp:Security` (None, StartTls, SslOnConnect;
/// StartTls), `Email:Smtp:User` and `Email:Smtp:Password` (both or neither), `Email:From` (the sender
/// address, required with a host), `Email:FromName` ("MppSurvey") and
/// `Email:ResetRequestsPerAddress` (10): "lupa kata sandi" requests per client address per 15 minutes.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public SmtpSettings Smtp { get; set; } = new();
    public string? From { get; set; }
    public string FromName { get; set; } = "MppSurvey";
    public int ResetRequestsPerAddress { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>
    /// The start-up rules (capability: validated settings); text where a number or a mode belongs is
    /// refused by <see cref="Settings"/> before these run. The password is never quoted.
    /// </summary>
    public static void Check(EmailOptions o, SettingChecks check)
    {
        check.Between("Smtp:Port", o.Smtp.Port, 1, 65535);
        check.AtLeast("ResetRequestsPerAddress", o.ResetRequestsPerAddress, 1);
        if (!o.Enabled)
        {
            // E-mail is off: the other settings are not used, so nothing else can be wrong.
            return;
        }
        if (Uri.CheckHostName(o.Smtp.Host!.Trim()) == UriHostNameType.Unknown)
        {
            check.Fail("Smtp:Host", $"must be a host name or an IP address (it is {Settings.Quote(o.Smtp.Host)})");
        }
        if (string.IsNullOrWhiteSpace(o.Smtp.User) != string.IsNullOrEmpty(o.Smtp.Password))
        {
            check.Fail("Smtp:User", $"and {check.Name("Smtp:Password")} must be set together (or neither, for a relay that needs no login)");
        }
        if (string.IsNullOrWhiteSpace(o.From))
        {
            check.Fail("From", $"must be set to the sender's address when {check.Name("Smtp:Host")} is set");
        }
        else if (!MailboxAddress.TryParse(o.From.Trim(), out var from) || from is null || !string.IsNullOrEmpty(from.Name) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            check.Fail("From", $"must be one e-mail address such as skm@jombangkab.go.id (it is {Settings.Quote(o.From)})");
        }
        if (string.IsNullOrWhiteSpace(o.FromName) || o.FromName.Any(char.IsControl))
        {
            check.Fail("FromName", "must be a line of text such as MppSurvey");
        }
    }

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
        public string? User { get; set; }
        public string? Password { get; set; }
    }
}

/// <summary>How the connection to the mail server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same machine or network.</summary>
    None,
    /// <summary>Port 587: plain connect, then STARTTLS, which the server must offer.</summary>
    StartTls,
    /// <summary>Port 465: TLS from the first byte.</summary>
    SslOnConnect,
}

public static class EmailHosting
{
    /// <summary>The `Email` section, checked at start-up, the sender and the mails' jobs.</summary>
    public static IServiceCollection AddMppSurveyEmail(this IServiceCollection services)
    {
        services.AddSettings<EmailOptions>(EmailOptions.Section, EmailOptions.Check);
        services.AddSingleton<MailDelivery>();
        services.AddSingleton<MailWriter>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddScoped<PasswordResetMail>();
        services.AddScoped<PublicationNoticeMail>();
        services.AddScoped<IntegrityAlertMail>();
        services.AddScoped<Alerts.IntegrityAlertNotifier>();
        services.AddSingleton<DigestUnsubscribe>();
        services.AddScoped<WeeklyDigestMail>();
        return services;
    }
}
