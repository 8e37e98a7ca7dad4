using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MppSurvey.Web.Email;

/// <summary>The mail server did not take a message (down, refused, timed out, login rejected).</summary>
public sealed class MailNotSentException(string kind, Exception inner)
    : Exception($"The {kind} e-mail could not be sent: {inner.GetType().Name}.", inner);

/// <summary>
/// Hands one message to the configured SMTP server (capability: e-mail), a connection per message:
/// the app sends a few mails a day, and a fresh connection has no state to go stale between them.
/// </summary>
public sealed partial class MailDelivery(IOptions<EmailOptions> options, ILogger<MailDelivery> log)
{
    /// <summary>
    /// Per SMTP step. Short, because an invitation is sent while the inviter waits for the page: an
    /// unreachable server must turn into "could not be sent" in seconds, not MailKit's two minutes.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public bool Enabled => options.Value.Enabled;

    /// <param name="kind">What the message is ("invitation"), for the log line; never who it goes to.</param>
    /// <exception cref="MailNotSentException">The server could not be reached or did not accept the message.</exception>
    public async Task SendAsync(MimeMessage message, string kind, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException("E-mail is not configured (Email:Smtp:Host); check MailDelivery.Enabled first.");
        }
        message.From.Clear();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From!.Trim()));
        var smtp = settings.Smtp;
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!.Trim(), smtp.Port, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            }, ct);
            if (!string.IsNullOrWhiteSpace(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            }
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The server's reply text can quote the recipient's address: the log gets the kind of failure only.
            LogNotSent(log, kind, e.GetType().Name, (e as SmtpCommandException)?.StatusCode.ToString() ?? "-");
            throw new MailNotSentException(kind, e);
        }
        LogSent(log, kind);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail sent: {Kind}")]
    private static partial void LogSent(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail not sent: {Kind} ({Failure}, SMTP status {SmtpStatus})")]
    private static partial void LogNotSent(ILogger logger, string kind, string failure, string smtpStatus);
}
