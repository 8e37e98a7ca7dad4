using System.Globalization;
using System.Net;
using System.Resources;
using System.Text;
using MimeKit;
using MppSurvey.Core.Identity;

namespace MppSurvey.Web.Email;

/// <summary>
/// Writes the app's three e-mails in the recipient's language (capability: e-mail), from
/// Resources/EmailText: a plain-text part and a simple HTML part with the same words. Every value
/// that came from a user (names, an MPP's name) is HTML-escaped in the HTML part, and control and
/// format characters (line breaks, bidi overrides, zero-width marks) are dropped from it everywhere,
/// so a name can neither add a header line nor make the mail read differently from what it says.
/// </summary>
public sealed class MailWriter
{
    private static readonly ResourceManager Text = new("MppSurvey.Web.Resources.EmailText", typeof(MailWriter).Assembly);
    private static readonly ResourceManager Shared = new("MppSurvey.Web.Resources.SharedText", typeof(MailWriter).Assembly);

    public sealed record Recipient(string Email, string DisplayName, string Culture)
    {
        public static Recipient Of(AppUser user) => new(user.Email ?? user.UserName ?? "", user.DisplayName, user.PreferredCulture);
    }

    public MimeMessage Invitation(Recipient to, string inviter, string role, string link)
    {
        var culture = CultureOf(to);
        var roleName = Shared.GetString("Role_" + role, culture) ?? role;
        return Letter(to, culture, Get("Invitation_Subject", culture), Format("Invitation_Body", culture, inviter, roleName), Get("Invitation_Action", culture), link);
    }

    public MimeMessage PasswordReset(Recipient to, string link)
    {
        var culture = CultureOf(to);
        return Letter(to, culture, Get("Reset_Subject", culture), Format("Reset_Body", culture, to.Email), Get("Reset_Action", culture), link);
    }

    public MimeMessage PublicationNotice(Recipient to, string mallName, string periodCode, string link)
    {
        var culture = CultureOf(to);
        return Letter(to, culture, Format("Notice_Subject", culture, mallName, periodCode), Format("Notice_Body", culture, mallName, periodCode), Get("Notice_Action", culture), link);
    }

    /// <summary>An integrity alert (integrity alerts): where, when, why and the masked text; nothing about the visitor.</summary>
    public MimeMessage IntegrityAlert(Recipient to, string mallName, string periodCode, string raisedAt, Core.Alerts.IntegrityAlertReason reason, string maskedText, string link)
    {
        var culture = CultureOf(to);
        var why = Get("Alert_Reason" + reason, culture);
        return Letter(to, culture, Format("Alert_Subject", culture, mallName), Format("Alert_Body", culture, mallName, periodCode, raisedAt, why, maskedText), Get("Alert_Action", culture), link);
    }

    /// <summary>The text without control or format characters, trimmed; what a name may carry into a mail.</summary>
    public static string Clean(string? text)
    {
        var sb = new StringBuilder(text?.Length ?? 0);
        foreach (var c in text ?? "")
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                // A line break becomes a space; an invisible mark goes.
                if (char.IsWhiteSpace(c))
                {
                    sb.Append(' ');
                }
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString().Trim();
    }

    private static CultureInfo CultureOf(Recipient to) =>
        CultureInfo.GetCultureInfo(MailCultures.Normalize(to.Culture) == MailCultures.English ? "en" : "id-ID");

    private static string Get(string key, CultureInfo culture) =>
        Text.GetString(key, culture) ?? throw new InvalidOperationException($"EmailText has no {key}.");

    private static string Format(string key, CultureInfo culture, params string[] values) =>
        string.Format(culture, Get(key, culture), values.Select(v => (object)Clean(v)).ToArray());

    private static MimeMessage Letter(Recipient to, CultureInfo culture, string subject, string body, string action, string link)
    {
        var name = Clean(to.DisplayName);
        var greeting = string.Format(culture, Get("Mail_Greeting", culture), name.Length > 0 ? name : to.Email);
        var fallback = Get("Mail_LinkFallback", culture);
        var footer = Get("Mail_Footer", culture);
        var message = new MimeMessage();
        // MimeKit encodes a non-ASCII name (RFC 2047) and quotes one with commas or quotes: the name stays one phrase.
        message.To.Add(new MailboxAddress(name, to.Email));
        message.Subject = Clean(subject);
        static string H(string s) => WebUtility.HtmlEncode(s);
        var lang = culture.TwoLetterISOLanguageName;
        var builder = new BodyBuilder
        {
            TextBody = $"{greeting}\n\n{body}\n\n{action}:\n{link}\n\n-- \n{footer}\n",
            HtmlBody = $"""
                <!DOCTYPE html>
                <html lang="{lang}"><head><meta charset="utf-8"><title>{H(message.Subject)}</title></head>
                <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
                <p>{H(greeting)}</p>
                <p>{H(body)}</p>
                <p><a href="{H(link)}" style="display: inline-block; padding: 0.5em 1em; background: #0b5394; color: #ffffff; text-decoration: none; border-radius: 4px">{H(action)}</a></p>
                <p style="font-size: small">{H(fallback)}<br>{H(link)}</p>
                <hr><p style="font-size: small; color: #555555">{H(footer)}</p>
                </body></html>
                """,
        };
        message.Body = builder.ToMessageBody();
        return message;
    }
}
