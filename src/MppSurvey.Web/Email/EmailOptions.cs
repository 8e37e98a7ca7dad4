using Microsoft.Extensions.Options;
using MimeKit;

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

/// <summary>
/// Checks <see cref="EmailOptions"/> at start-up: the first bad value is reported as one sentence
/// naming the setting, which start-up prints as "MppSurvey cannot start: …".
/// </summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    internal static string? Problem(EmailOptions o)
    {
        var smtp = o.Smtp;
        if (smtp.Port is < 1 or > 65535)
        {
            return "Email:Smtp:Port must be a whole number between 1 and 65535.";
        }
        if (o.ResetRequestsPerAddress < 1)
        {
            return "Email:ResetRequestsPerAddress must be a whole number of at least 1.";
        }
        if (!Enum.IsDefined(smtp.Security))
        {
            return "Email:Smtp:Security must be None, StartTls or SslOnConnect.";
        }
        if (!o.Enabled)
        {
            // E-mail is off: the other settings are not used, so nothing else can be wrong.
            return null;
        }
        if (Uri.CheckHostName(smtp.Host!.Trim()) == UriHostNameType.Unknown)
        {
            return $"Email:Smtp:Host must be a host name or an IP address (it is \"{smtp.Host}\").";
        }
        if (string.IsNullOrWhiteSpace(smtp.User) != string.IsNullOrEmpty(smtp.Password))
        {
            return "Email:Smtp:User and Email:Smtp:Password must be set together (or neither, for a relay that needs no login).";
        }
        if (string.IsNullOrWhiteSpace(o.From))
        {
            return "Email:From must be set to the sender's address when Email:Smtp:Host is set.";
        }
        if (!MailboxAddress.TryParse(o.From.Trim(), out var from) || from is null || !string.IsNullOrEmpty(from.Name) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            return $"Email:From must be one e-mail address such as skm@jombangkab.go.id (it is \"{o.From}\").";
        }
        if (string.IsNullOrWhiteSpace(o.FromName) || o.FromName.Any(char.IsControl))
        {
            return "Email:FromName must be a line of text such as MppSurvey.";
        }
        return null;
    }
}

public static class EmailHosting
{
    /// <summary>The `Email` section, checked at start-up, the sender and the mails' jobs.</summary>
    public static IServiceCollection AddMppSurveyEmail(this IServiceCollection services, IConfiguration configuration)
    {
        // Read by hand rather than with Bind: Bind throws on "abc" for the port or a misspelt security
        // mode, with a conversion message instead of the setting's rule.
        var section = configuration.GetSection(EmailOptions.Section);
        services.AddOptions<EmailOptions>()
            .Configure(o =>
            {
                o.Smtp.Host = section["Smtp:Host"];
                o.Smtp.User = section["Smtp:User"];
                o.Smtp.Password = section["Smtp:Password"];
                o.From = section["From"];
                o.FromName = section["FromName"] ?? o.FromName;
                if (section["ResetRequestsPerAddress"] is { } perAddress)
                {
                    o.ResetRequestsPerAddress = int.TryParse(perAddress, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
                }
                if (section["Smtp:Port"] is { } port)
                {
                    o.Smtp.Port = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : -1;
                }
                if (section["Smtp:Security"] is { } security)
                {
                    o.Smtp.Security = Enum.TryParse<SmtpSecurity>(security, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(security, out _)
                        ? mode
                        : (SmtpSecurity)(-1);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton<MailDelivery>();
        services.AddSingleton<MailWriter>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddScoped<PasswordResetMail>();
        services.AddScoped<PublicationNoticeMail>();
        return services;
    }
}
