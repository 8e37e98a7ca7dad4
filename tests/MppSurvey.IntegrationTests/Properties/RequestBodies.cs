using System.Globalization;
using System.Text;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// Writes the JSON of a generated <see cref="Post"/> by hand: every non-ASCII character as a \u
/// escape, so a lone surrogate or a swapped pair reaches the server exactly as a hostile client
/// would send it (System.Text.Json refuses to write them).
/// </summary>
public static class RequestBodies
{
    public static string Text(TextRef text) => text switch
    {
        TextRef.Plain => "Ruang tunggu panas, antrean lama.",
        TextRef.Empty => "",
        TextRef.Whitespace => " \t ",
        TextRef.Rtl => "\u202Eخدمة جيدة\u202C \u200Fשלום\u200E ok",
        TextRef.Emoji => "Pelayanan 👍🏽 cepat 🇮🇩",
        TextRef.Combining => "Pe\u0301layanan Z\u0351\u0352\u0353algo",
        TextRef.ZeroWidth => "baik\u200B\u200C\u200D\u2060sekali",
        TextRef.Bom => "\uFEFFsaran",
        TextRef.LineBreaks => "baris satu\r\nbaris dua\tdengan tab",
        TextRef.MaxLength => new string('a', 1999) + "é",
        TextRef.TooLong => new string('b', 2001),
        TextRef.ControlChar => "bel\u0007",
        TextRef.Nul => "nul\u0000byte",
        TextRef.LoneHigh => "tinggi\uD800",
        TextRef.LoneLow => "\uDC00rendah",
        TextRef.SwappedPair => "tukar\uDE00\uD83D",
        _ => "",
    };

    public static string Escape(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            b.Append(c is '"' or '\\' ? "\\" + c : c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return b.Append('"').ToString();
    }

    public sealed record Context(Guid? Id, string Regency, int? AgencyId, int? ServiceId, string? SubmittedAt, string? StartedAt);

    public static string Json(Post p, Context c)
    {
        var fields = new List<string>();
        void Add(string name, string json) => fields.Add(Escape(name) + ":" + json);

        if (c.Id is Guid id)
        {
            Add("id", Escape(id.ToString()));
        }
        Add("regencyCode", Escape(c.Regency));
        if (c.AgencyId is int agency)
        {
            Add("agencyId", agency.ToString(CultureInfo.InvariantCulture));
        }
        if (c.ServiceId is int service)
        {
            Add("serviceId", service.ToString(CultureInfo.InvariantCulture));
        }
        if (p.Template is not null)
        {
            Add("template", Escape(p.Template));
        }
        switch (p.Channel)
        {
            case ChannelRef.Qr: Add("channel", "\"qr\""); break;
            case ChannelRef.Officer: Add("channel", "\"officer\""); break;
            case ChannelRef.Kiosk or ChannelRef.KioskWithoutToken or ChannelRef.KioskOfOtherMall: Add("channel", "\"kiosk\""); break;
            case ChannelRef.Import: Add("channel", "\"import\""); break;
            case ChannelRef.Bogus: Add("channel", "\"Kiosk \""); break;
            case ChannelRef.Number: Add("channel", "1"); break;
        }
        if (c.SubmittedAt is not null)
        {
            Add("submittedAt", Escape(c.SubmittedAt));
        }
        if (c.StartedAt is not null)
        {
            Add("startedAt", Escape(c.StartedAt));
        }
        if (p.Profile is { } profile)
        {
            var parts = new List<string>();
            if (profile.Gender is not null) parts.Add("\"gender\":" + Escape(profile.Gender));
            if (profile.Age is int age) parts.Add("\"age\":" + age.ToString(CultureInfo.InvariantCulture));
            if (profile.Education is not null) parts.Add("\"education\":" + Escape(profile.Education));
            if (profile.Occupation is not null) parts.Add("\"occupation\":" + Escape(profile.Occupation));
            Add("profile", "{" + string.Join(",", parts) + "}");
        }
        var answers = new List<string>();
        for (var i = 0; i < p.Answers.Length; i++)
        {
            var key = Escape("U" + (i + 1).ToString(CultureInfo.InvariantCulture));
            switch (p.Answers[i])
            {
                case '_': break;
                case '-': answers.Add(key + ":null"); break;
                case 'x': answers.Add(key + ":\"4\""); break;
                case var d: answers.Add(key + ":" + d); break;
            }
        }
        Add("answers", "{" + string.Join(",", answers) + "}");
        if (p.Suggestion == TextRef.Null)
        {
            Add("suggestion", "null");
        }
        else if (p.Suggestion != TextRef.Missing)
        {
            Add("suggestion", Escape(Text(p.Suggestion)));
        }
        if (p.Other == TextRef.Null)
        {
            Add("other", "null");
        }
        else if (p.Other != TextRef.Missing)
        {
            Add("other", "{\"Q1\":" + Escape(Text(p.Other)) + "}");
        }
        return p.Shape switch
        {
            BodyShape.Malformed => "{" + string.Join(",", fields) + ",",
            BodyShape.EmptyObject => "{}",
            BodyShape.JsonArray => "[{" + string.Join(",", fields) + "}]",
            BodyShape.UnknownField => "{" + string.Join(",", fields.Append("\"nik\":\"3517000000000001\"")) + "}",
            BodyShape.Oversized => "{" + string.Join(",", fields.Append("\"pad\":\"" + new string(' ', 70 * 1024) + "\"")) + "}",
            BodyShape.Deep => "{" + string.Join(",", fields.Append("\"deep\":" + new string('[', 200) + new string(']', 200))) + "}",
            _ => "{" + string.Join(",", fields) + "}",
        };
    }
}
