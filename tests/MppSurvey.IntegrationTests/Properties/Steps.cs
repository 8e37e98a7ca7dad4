using System.Globalization;
using System.Text;

namespace MppSurvey.IntegrationTests.Properties;

// The vocabulary of a generated sequence. Every value is symbolic (a mall, a period, a time relative
// to "now" or to a period boundary), resolved when the step runs, so a printed sequence replays the
// same way on any later day and can be pasted into PipelineRegressionTests as C#.

public enum MallRef { Jombang, Bima, Unknown }

/// <summary>The current semester, the one before it (both surveyed), the one before that (no survey unless imported), and a malformed code.</summary>
public enum PeriodRef { Open, Previous, Old, Bad }

public enum AgencyRef { None, A, B, OfService, OtherMall, Unknown }

/// <summary>A1, A2 of agency A, B1 of agency B, AX of agency A (inactive from the start), another MPP's and an unknown service.</summary>
public enum ServiceRef { None, A1, A2, B1, Inactive, OtherMall, Unknown }

public enum ChannelRef { Qr, Officer, Kiosk, KioskWithoutToken, KioskOfOtherMall, Missing, Import, Bogus, Number }

public enum TimeRef
{
    Missing, NowMinus1m, NowPlus9m, NowPlus11m, OpenStart, OpenStartMinus1s, MidPrevious, MidOld, UtcZ, OffsetPlus14, OffsetMinus12,
    SevenDigitFraction, NoOffset, Garbage, DateOnly, Year9999, Year0001, Year0999,
}

public enum StartRef { Missing, ThreeSecondsBefore, TenMinutesBefore, AfterSubmitted, Garbage }

public enum TextRef
{
    Missing, Null, Plain, Empty, Whitespace, Rtl, Emoji, Combining, ZeroWidth, Bom, LineBreaks, MaxLength, TooLong, ControlChar, Nul,
    LoneHigh, LoneLow, SwappedPair,
}

/// <summary>Valid JSON of the request type, or a body a careless or hostile client could send instead.</summary>
public enum BodyShape { Json, Malformed, WrongContentType, Oversized, EmptyObject, JsonArray, UnknownField, Deep }

/// <summary>One generated step: a request to the API or an action of an administrator through the real pages.</summary>
public abstract record Step
{
    /// <summary>The step as C# (named arguments), for a regression test.</summary>
    public string Code()
    {
        var type = GetType();
        var args = type.GetConstructors()[0].GetParameters()
            .Select(p => $"{p.Name}: {Literal(type.GetProperty(p.Name!)!.GetValue(this))}");
        return $"new {type.Name}({string.Join(", ", args)})";
    }

    public override string ToString() => Code();

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        Enum e => $"{e.GetType().Name}.{e}",
        int i => i.ToString(CultureInfo.InvariantCulture),
        Profile p => p.Code(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    public static string Quote(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            b.Append(c is '"' or '\\' ? "\\" + c : c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return b.Append('"').ToString();
    }

    public static string Print(IEnumerable<Step> steps) =>
        "[\n    " + string.Join(",\n    ", steps.Select(s => s.Code())) + ",\n]";
}

/// <summary>Profile fields as the client would send them (null = absent), including values outside the lists.</summary>
public sealed record Profile(string? Gender, int? Age, string? Education, string? Occupation)
{
    public string Code() => $"new Profile({Lit(Gender)}, {(Age is int a ? a.ToString(CultureInfo.InvariantCulture) : "null")}, {Lit(Education)}, {Lit(Occupation)})";

    private static string Lit(string? s) => s is null ? "null" : Step.Quote(s);
}

/// <param name="Id">Index into the sequence's pool of response ids: a repeat is a retry or a duplicate id with other content; -1 sends no id.</param>
/// <param name="Answers">Nine answer slots U1..U9, then optionally more: a digit is sent as that number, '-' as JSON null, '_' leaves the key out, 'x' sends a string.</param>
/// <param name="Template">Null leaves the field out.</param>
public sealed record Post(
    int Id, MallRef Mall, AgencyRef Agency, ServiceRef Service, ChannelRef Channel, string? Template, TimeRef SubmittedAt,
    StartRef StartedAt, string Answers, Profile? Profile, TextRef Suggestion, TextRef Other, BodyShape Shape) : Step;

/// <summary>Close a period of an MPP on /Admin/Periode (with the confirmation the fixed page will ask for).</summary>
public sealed record Close(MallRef Mall, PeriodRef Period) : Step;

public sealed record Publish(MallRef Mall, PeriodRef Period) : Step;

/// <param name="Rows">Rows of the CSV separated by '/', nine cells each: a digit, or '-' for a blank cell.</param>
public sealed record Import(MallRef Mall, PeriodRef Period, ServiceRef Service, string Rows) : Step;

public sealed record SetServiceActive(MallRef Mall, ServiceRef Service, bool Active) : Step;

/// <summary>A new version of the national skm template, drafted and published on /Admin/Templat.</summary>
public sealed record NewTemplateVersion() : Step;

/// <summary>POST /Admin/Indices (one period or, with null, every open one), then the job runs as Hangfire would run it.</summary>
public sealed record RunIndexJob(PeriodRef? Period) : Step;
