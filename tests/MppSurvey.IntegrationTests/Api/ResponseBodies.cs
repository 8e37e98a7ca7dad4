using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// Generators of request bodies for POST /api/v1/responses: every field present, absent, null or of
/// the wrong type; odd and boundary times; every channel and kiosk header; text with emoji, RTL
/// marks, NUL, control characters, lone surrogates (sent as JSON escapes) and bytes that are not
/// UTF-8; huge strings; ids of other MPPs, inactive services and agencies; truncated JSON.
/// </summary>
public static class ResponseBodies
{
    /// <summary>One generated request: the body before serialization (null when <see cref="Raw"/> replaces it), how it is sent, and which stored id it repeats.</summary>
    public sealed record Case(JsonObject Body, string Kiosk, string MediaType, int Truncate, int RepeatStored)
    {
        public override string ToString() => $"kiosk={Kiosk} media={MediaType} truncate={Truncate} repeat={RepeatStored} body={Body.ToJsonString(Relaxed)}";
    }

    /// <summary>Stand-ins replaced after serialization: a lone high and low surrogate escape, and bytes that are not UTF-8.</summary>
    public const char LoneHigh = '\uE000', LoneLow = '\uE001', NotUtf8 = '\uE002';
    private const string NotUtf8Marker = "@@NOT-UTF8@@";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body as bytes: stand-ins replaced, cut after <see cref="Case.Truncate"/> bytes when that is positive.</summary>
    public static byte[] Bytes(Case c)
    {
        var json = c.Body.ToJsonString(Relaxed);
        var text = new StringBuilder(json.Length);
        foreach (var ch in json)
        {
            text.Append(ch switch
            {
                LoneHigh => "\\ud800",
                LoneLow => "\\udc00",
                NotUtf8 => NotUtf8Marker,
                _ => ch.ToString(),
            });
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString()).ToList();
        var marker = Encoding.ASCII.GetBytes(NotUtf8Marker);
        for (var at = Find(bytes, marker); at >= 0; at = Find(bytes, marker))
        {
            bytes.RemoveRange(at, marker.Length);
            bytes.InsertRange(at, [0xC3, 0x28, 0xFF]);
        }
        return c.Truncate > 0 && c.Truncate < bytes.Count ? bytes.Take(c.Truncate).ToArray() : bytes.ToArray();
    }

    private static int Find(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Count - needle.Length; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A surrogate of a generated string that is not part of a pair becomes a stand-in, so the JSON writer accepts it.</summary>
    private static string Sendable(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(s, i, 2);
                i++;
            }
            else
            {
                sb.Append(char.IsHighSurrogate(s[i]) ? LoneHigh : char.IsLowSurrogate(s[i]) ? LoneLow : s[i]);
            }
        }
        return sb.ToString();
    }

    private static readonly Gen<string> AnyText = Gen.Frequency(
        (4, Gen.OneOf("", " ", "Ruang tunggu panas.", "  spasi  ", "Pelayanan 👍🏽 cepat", "\u200fشكرا\u200e", "e\u0301", "baris\nbaru\ttab",
            "a\u0000b", "\u001b[31m", "hapus\u007f", "x\u0085y", "\u202eterbalik", $"{LoneHigh}", $"akhir {LoneLow}", $"{LoneLow}{LoneHigh}",
            $"rusak {NotUtf8}", "'); DROP TABLE responses; --", "=HYPERLINK(\"x\")", "<script>alert(1)</script>", "\uFEFFbom", "\uFFFF")),
        (3, Gen.String[Gen.Char[(char)0, (char)0xFFFF], 0, 24].Select(Sendable)),
        (2, Gen.String[Gen.Char["abcdefghij KLMNO.,;-\u00e9\u0627"], 0, 60]),
        (1, Gen.Int[1995, 2005].Select(n => new string('x', n))),
        (1, Gen.Int[1, 6].Select(n => n < 6 ? "" : string.Concat(Enumerable.Repeat("😀", 12000)))));

    /// <summary>A field's value: absent (null from the generator), JSON null, or something of any type.</summary>
    private static Gen<JsonNode?> Wrong => Gen.OneOf<JsonNode?>(
        JsonValue.Create(true), JsonValue.Create(12345), JsonValue.Create(4.5), JsonValue.Create("x"), new JsonArray(1, 2), new JsonObject { ["a"] = 1 },
        JsonValue.Create(999999999999L), JsonValue.Create(-1));

    private static Gen<JsonNode?> Field(Gen<JsonNode?> usual, int absent = 1, int nul = 1, int wrong = 1) => Gen.Frequency(
        (12, usual), (absent, Gen.Const((JsonNode?)Absent)), (nul, Gen.Const((JsonNode?)null)), (wrong, Wrong));

    /// <summary>Marks a field to leave out of the body.</summary>
    public static readonly JsonNode Absent = JsonValue.Create("\uE0FF absent")!;

    private static Gen<JsonNode?> Node<T>(Gen<T> gen) => gen.Select(v => (JsonNode?)JsonValue.Create(v));

    private static Gen<JsonNode?> Times(DateTimeOffset now, DateTimeOffset inClosedPeriod) => Gen.Frequency(
        (10, Gen.Int[-600, 0].Select(m => (JsonNode?)Iso(now.AddMinutes(m), 7))),
        (2, Gen.Int[-600, 600].Select(m => (JsonNode?)Iso(inClosedPeriod.AddMinutes(m), 8))),
        (2, Gen.OneOf(8, 9, 11, 12).Select(m => (JsonNode?)Iso(now.AddMinutes(m), 7))),
        (1, Gen.Int[0, 9_999_999].Select(t => (JsonNode?)now.AddTicks(-t).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", Inv))),
        (3, Gen.OneOf<JsonNode?>("9999-12-31T23:59:00Z", "0001-01-01T00:00:00Z", "0999-06-01T10:00:00+07:00", "1999-12-31T23:59:59Z",
            "2000-01-01T00:00:00Z", "2000-01-01T06:59:00+07:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00", "9999-12-31T23:59:59.9999999+14:00",
            "2026-13-01T00:00:00Z", "2026-02-30T10:00:00+07:00", "2026-03-02T09:15:00+25:00", "2026-03-02T09:15:00", "2026-03-02", "kemarin", "",
            "2026-03-02T09:15:00+07:00 ", "２０２６-03-02T09:15:00Z", "2026-03-02T09:15:00.12345678Z", "2026-03-02T24:00:00Z", "+12026-03-02T09:15:00Z")));

    private static JsonNode Iso(DateTimeOffset t, int offsetHours) =>
        JsonValue.Create(t.ToOffset(TimeSpan.FromHours(offsetHours)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", Inv))!;

    private static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static readonly string[] ElementCodes = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Q1", "Q2", "U10", "u1", "X9"];

    private static readonly Gen<JsonNode?> Score = Gen.Frequency(
        (12, Gen.Int[1, 4].Select(v => (JsonNode?)JsonValue.Create(v))),
        (3, Gen.Const((JsonNode?)null)),
        (1, Gen.OneOf<JsonNode?>(JsonValue.Create(0), JsonValue.Create(5), JsonValue.Create(-1), JsonValue.Create("4"), JsonValue.Create(3.5), JsonNode.Parse("4.0"), JsonValue.Create(99999999999L))));

    private static readonly Gen<JsonNode?> Answers = Gen.Frequency(
        (10, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 3], Score.Array[14], (n, odd, scores) =>
        {
            var answers = new JsonObject();
            for (var i = 0; i < Math.Min(n + odd, ElementCodes.Length); i++)
            {
                answers[i < n ? ElementCodes[i] : ElementCodes[9 + (i - n) % 5]] = scores[i]?.DeepClone();
            }
            return (JsonNode?)answers;
        })),
        (1, Gen.Const((JsonNode?)new JsonObject())));

    private static Gen<JsonNode?> Other => Gen.Select(AnyText, Gen.Int[-2, 5], Gen.Int[0, 8], (text, choice, shape) => (JsonNode?)(shape switch
    {
        0 => new JsonObject { ["T1"] = Sendable(text), ["S1"] = choice, ["M1"] = new JsonArray(1, 3), ["N1"] = choice * 30 },
        1 => new JsonObject { ["T1"] = Sendable(text) },
        2 => new JsonObject { ["S1"] = choice, ["M1"] = new JsonArray(choice, choice) },
        3 => new JsonObject { ["N1"] = 1e30, ["T1"] = 5 },
        4 => new JsonObject { [Sendable(text)] = 1 },
        5 => new JsonObject { ["T1"] = null, ["S1"] = "2", ["M1"] = 2 },
        6 => new JsonObject { ["N1"] = -0.5, ["M1"] = new JsonArray() },
        7 => new JsonObject(),
        _ => new JsonObject { ["T1"] = new JsonObject { ["deep"] = new JsonArray(new JsonArray(new JsonArray())) } },
    }));

    private static Gen<JsonNode?> Profile => Gen.Select(
        Field(Gen.OneOf<JsonNode?>("L", "P", "l", "X")), Field(Gen.Int[-5, 130].Select(a => (JsonNode?)a)),
        Field(Gen.OneOf<JsonNode?>("SD", "SMP", "SMA", "D1-D3", "S1/D4", "S2", "S3", "S4")),
        Field(Gen.OneOf<JsonNode?>("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya", "Petani")), Gen.Int[0, 20],
        (gender, age, education, occupation, extra) => (JsonNode?)Build(("gender", gender), ("age", age), ("education", education), ("occupation", occupation),
            extra == 0 ? ("nik", JsonValue.Create("3517")) : ("", Absent)));

    private static JsonObject Build(params (string Name, JsonNode? Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (name.Length > 0 && !ReferenceEquals(value, Absent))
            {
                o[name] = value?.DeepClone();
            }
        }
        return o;
    }

    /// <summary>All generated cases, against the ids and times of <paramref name="app"/>.</summary>
    public static Gen<Case> Cases(IntegrityFixture app, DateTimeOffset now)
    {
        var id = Gen.Frequency(
            (14, Gen.Guid.Select(g => (JsonNode?)g.ToString())),
            (1, Gen.OneOf<JsonNode?>("00000000-0000-0000-0000-000000000000", "bukan-uuid", Sendable("\ud800"), "{" + Guid.NewGuid() + "}")));
        var regency = Gen.Frequency(
            (14, Gen.Const<JsonNode?>(ApiFixture.Regency)),
            (2, Gen.Const<JsonNode?>("52.72")),
            (1, Gen.OneOf<JsonNode?>("99.99", " 35.17 ", "35.17\u0000", "35\u200f.17", "")));
        var agencies = new[] { app.AgencyId, app.SamsatAgencyId, app.OtherMallAgencyId, app.InactiveAgencyId, 424242, 0, -1 };
        var services = new[] { app.ServiceId, app.OtherAgencyServiceId, app.BimaServiceId, app.InactiveServiceId, app.ServiceOfInactiveAgencyId, 515151, int.MaxValue };
        var agency = Field(Gen.Frequency((6, Gen.Const(app.AgencyId)), (3, Gen.OneOf(agencies))).Select(a => (JsonNode?)a), absent: 6, nul: 2);
        var service = Field(Gen.Frequency((6, Gen.Const(app.ServiceId)), (3, Gen.OneOf(services))).Select(s => (JsonNode?)s), absent: 4, nul: 2);
        var template = Field(Gen.Frequency((8, Gen.Const("skm")), (4, Gen.Const(IntegrityFixture.OtherTemplate)), (1, Gen.Const(ApiFixture.RequiredTemplate)),
            (1, Gen.OneOf("SKM", "skm-palsu", " skm ", "skm\u0000"))).Select(t => (JsonNode?)t), absent: 6);
        var channel = Field(Gen.OneOf<JsonNode?>("qr", "qr", "officer", "kiosk", "kiosk", "import", "QR", "sms"), absent: 1);
        var suggestion = Field(AnyText.Select(t => (JsonNode?)t), absent: 6, nul: 2);
        var times = Times(now, app.InClosedPeriod);

        var body = Gen.Select(
            Gen.Select(id, regency, agency, service, template, channel, Field(times, absent: 1, nul: 1), Field(times, absent: 20, nul: 2)),
            Gen.Select(Field(Profile, absent: 3), Field(Answers, absent: 1, nul: 1), suggestion, Field(Other, absent: 6, nul: 2), Gen.Int[0, 30]),
            (a, b) => Build(
                ("id", a.Item1), ("regencyCode", a.Item2), ("agencyId", a.Item3), ("serviceId", a.Item4), ("template", a.Item5), ("channel", a.Item6),
                ("submittedAt", a.Item7), ("startedAt", a.Item8), ("profile", b.Item1), ("answers", b.Item2), ("suggestion", b.Item3), ("other", b.Item4),
                b.Item5 == 0 ? ("telepon", JsonValue.Create("0812")) : b.Item5 == 1 ? (Sendable("\udc00x"), JsonValue.Create(1)) : ("", Absent)));
        // Most bodies start valid and change up to two fields: a body wrong everywhere only ever meets the first check.
        string[] names = ["id", "regencyCode", "agencyId", "serviceId", "template", "channel", "submittedAt", "startedAt", "profile", "answers", "suggestion", "other"];
        var nearlyValid = Gen.Select(body, Gen.Guid, Gen.Bool, Gen.Int[0, 2], Gen.Int[0, names.Length - 1].Array[2], (random, guid, other, changes, which) =>
        {
            var b = other ? app.OtherBody(guid) : ApiCalls.ValidBody(app, guid);
            b["submittedAt"] = Iso(now.AddMinutes(-1), 7).DeepClone();
            foreach (var name in which.Take(changes).Select(w => names[w]))
            {
                b.Remove(name);
                if (random.TryGetPropertyValue(name, out var value))
                {
                    b[name] = value?.DeepClone();
                }
            }
            return b;
        });
        body = Gen.Frequency((2, body), (3, nearlyValid));
        var kiosk = Gen.Frequency((10, Gen.Const("matching")), (1, Gen.OneOf("none", "revoked", "other-mall", "garbage", "valid-on-other-channel")));
        var media = Gen.Frequency((30, Gen.Const("application/json")), (1, Gen.OneOf("text/plain", "application/problem+json", "application/json; charset=latin1")));
        var truncate = Gen.Frequency((25, Gen.Const(0)), (1, Gen.Int[1, 400]));
        var repeat = Gen.Frequency((6, Gen.Const(-1)), (1, Gen.Int[0, 1000]));
        return Gen.Select(body, kiosk, media, truncate, repeat, (b, k, m, t, r) => new Case(b, k, m, t, r));
    }
}
