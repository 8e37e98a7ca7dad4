using System.Globalization;
using System.Net;
using System.Resources;
using System.Text;
using MimeKit;
using MppSurvey.Core.Email;
using MppSurvey.Core.Identity;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Themes;

namespace MppSurvey.Web.Email;

/// <summary>
/// Writes the weekly digest (notices) in the recipient's language, from Resources/EmailText: the same
/// sections in a plain-text and an HTML part. Every value that came from a user or a visitor (names,
/// the masked alert quotes) is cleaned of control and format characters and HTML-escaped. The
/// unsubscribe link is in the body and in the List-Unsubscribe headers (RFC 8058), so a mail client's
/// own "unsubscribe" button works with one click.
/// </summary>
public static class DigestLetter
{
    private static readonly ResourceManager Text = new("MppSurvey.Web.Resources.EmailText", typeof(DigestLetter).Assembly);
    private static readonly ResourceManager Shared = new("MppSurvey.Web.Resources.SharedText", typeof(DigestLetter).Assembly);

    /// <param name="dashboard">The MPP's dashboard (absolute, from PublicOrigin).</param>
    /// <param name="unsubscribe">The one-click unsubscribe link (absolute).</param>
    /// <param name="settings">The account page (absolute).</param>
    public static MimeMessage Write(MailWriter.Recipient to, bool asMppAdmin, WeeklyDigest.Figures f, string dashboard, string unsubscribe, string settings)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(f);
        var c = CultureInfo.GetCultureInfo(MailCultures.Normalize(to.Culture) == MailCultures.English ? "en" : "id-ID");
        string Get(string key) => Text.GetString(key, c) ?? throw new InvalidOperationException($"EmailText has no {key}.");
        string Format(string key, params object[] values) => string.Format(c, Get(key), values);
        string Day(DateOnly d) => d.ToString("d MMMM yyyy", c);
        string Num(decimal v) => v.ToString("0.00", c);
        string Count(int n) => n.ToString("N0", c);
        var mall = MailWriter.Clean(f.MallName);

        // Each section: a heading and its lines; the same words in both parts.
        var sections = new List<(string Heading, List<string> Lines)>();
        var responses = new List<string>();
        if (f.PeriodCode is null)
        {
            responses.Add(Get("Digest_NoPeriod"));
        }
        else
        {
            responses.Add(Format("Digest_WeekResponses", Count(f.WeekResponses)));
            responses.Add(f.Target is int target && f.Population is int population
                ? Format("Digest_PeriodTarget", f.PeriodCode, Count(f.PeriodResponses), Count(target), Count(population))
                : Format("Digest_PeriodNoTarget", f.PeriodCode, Count(f.PeriodResponses)));
        }
        sections.Add((Get("Digest_ResponsesHeading"), responses));
        if (f.PeriodCode is not null)
        {
            var computed = f.Index is { } stored ? SnapshotTime.Format(stored.ComputedAt, f.TimeZone, c) : "";
            sections.Add((Get("Digest_IndexHeading"), [f.Index switch
            {
                null => Format("Digest_IndexNotYet", f.PeriodCode),
                { CiLow: double low, CiHigh: double high } i => Format("Digest_Index", Num(i.Converted), low.ToString("0.00", c), high.ToString("0.00", c), computed, Count(i.Respondents)),
                { } i => Format("Digest_IndexNoCi", Num(i.Converted), computed, Count(i.Respondents)),
            }]));
        }
        var alerts = new List<string>();
        if (f.NewAlerts == 0)
        {
            alerts.Add(Get("Digest_AlertsNone"));
        }
        else
        {
            alerts.AddRange(f.AlertQuotes.Select(q => "«" + MailWriter.Clean(q) + "»"));
            alerts.Add(Format("Digest_AlertsSee", Count(f.NewAlerts)));
        }
        sections.Add((Format("Digest_AlertsHeading", Count(f.NewAlerts)), alerts));
        sections.Add((Format("Digest_ThemesHeading", ThemeGrowth.MinimumCount), f.GrownThemes.Count == 0
            ? [Get("Digest_ThemesNone")]
            : f.GrownThemes.Select(t => Format("Digest_Theme", ThemeName(t.Theme, c), Count(t.Before), Count(t.Now))).ToList()));

        var name = MailWriter.Clean(to.DisplayName);
        var greeting = Format("Mail_Greeting", name.Length > 0 ? name : to.Email);
        var intro = Format("Digest_Intro", mall, Day(f.WeekStart), Day(f.WeekEnd), MallTime.Abbreviation(f.TimeZone));
        var role = Shared.GetString("Role_" + (asMppAdmin ? Roles.MppAdmin : Roles.RegionalHead), c) ?? "";
        var why = Format("Digest_Why", role, mall);
        var action = Get("Digest_Action");
        var stop = Get("Digest_Unsubscribe");
        var change = Get("Digest_Settings");
        var footer = Get("Mail_Footer");

        var message = new MimeMessage();
        message.To.Add(new MailboxAddress(name, to.Email));
        message.Subject = MailWriter.Clean(Format("Digest_Subject", mall, Day(f.WeekStart), Day(f.WeekEnd)));
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        var text = new StringBuilder();
        text.Append(greeting).Append("\n\n").Append(intro).Append("\n\n");
        foreach (var (heading, lines) in sections)
        {
            text.Append(heading).Append('\n');
            foreach (var line in lines)
            {
                text.Append("- ").Append(line).Append('\n');
            }
            text.Append('\n');
        }
        text.Append(action).Append(":\n").Append(dashboard).Append("\n\n-- \n")
            .Append(why).Append('\n').Append(stop).Append('\n').Append(unsubscribe).Append('\n')
            .Append(change).Append('\n').Append(settings).Append('\n').Append(footer).Append('\n');

        static string H(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{c.TwoLetterISOLanguageName}"><head><meta charset="utf-8"><title>{H(message.Subject)}</title></head>
            <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
            <p>{H(greeting)}</p>
            <p>{H(intro)}</p>
            """);
        foreach (var (heading, lines) in sections)
        {
            html.Append("<h2 style=\"font-size: 1.05em; margin-bottom: 0.25em\">").Append(H(heading)).Append("</h2>\n<ul style=\"margin-top: 0\">");
            foreach (var line in lines)
            {
                html.Append("<li>").Append(H(line)).Append("</li>");
            }
            html.Append("</ul>\n");
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            <p><a href="{H(dashboard)}" style="display: inline-block; padding: 0.5em 1em; background: #0b5394; color: #ffffff; text-decoration: none; border-radius: 4px">{H(action)}</a></p>
            <hr><p style="font-size: small; color: #555555">{H(why)}<br>{H(stop)} <a href="{H(unsubscribe)}">{H(unsubscribe)}</a><br>{H(change)} <a href="{H(settings)}">{H(settings)}</a><br>{H(footer)}</p>
            </body></html>
            """);
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    /// <summary>A theme's name as the dashboard shows it (SharedText `Theme_*`, the one place theme names are written), in the mail's language.</summary>
    private static string ThemeName(SuggestionTheme theme, CultureInfo c) =>
        Shared.GetString("Theme_" + SuggestionThemes.Key(theme), c) ?? throw new InvalidOperationException($"SharedText has no Theme_{SuggestionThemes.Key(theme)}.");
}
