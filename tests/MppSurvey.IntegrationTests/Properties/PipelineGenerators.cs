using CsCheck;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// Generators of what a client could send and an administrator could do. Weights favour the
/// ordinary (valid QR and kiosk responses now and in the closed period) so the figures have
/// something to count, with every odd case present.
/// </summary>
public static class PipelineGenerators
{
    private static Gen<T> Weighted<T>(params (int Weight, T Value)[] choices) =>
        Gen.Frequency(choices.Select(c => (c.Weight, (IGen<T>)Gen.Const<T>(c.Value))).ToArray());

    private static readonly Gen<char> AnswerChar = Weighted(
        (10, '1'), (10, '2'), (14, '3'), (14, '4'), (4, '-'), (4, '_'), (1, '0'), (1, '5'), (1, 'x'));

    private static readonly Gen<string> Answers = Gen.Frequency(
        (12, (IGen<string>)AnswerChar.Array[9].Select(cs => new string(cs))),
        // Identical answers: straight-lining when given within a few seconds.
        (2, Gen.Int[1, 4].Select(d => new string((char)('0' + d), 9))),
        // A tenth answer: an element the template does not have.
        (1, AnswerChar.Array[10].Select(cs => new string(cs))),
        (1, Gen.Const<string>("_________")),
        (1, Gen.Const<string>("---------")));

    private static readonly Gen<Profile?> Profiles = Gen.Frequency(
        (3, (IGen<Profile?>)Gen.Const<Profile?>((Profile?)null)),
        (4, Gen.Select(
            Weighted<string?>((2, null), (3, "L"), (3, "P"), (1, "X")),
            Weighted<int?>((2, null), (1, 9), (1, 10), (3, 34), (1, 120), (1, 121), (1, -1)),
            Weighted<string?>((2, null), (2, "SD"), (3, "S1/D4"), (1, "D1-D3"), (1, "S9")),
            Weighted<string?>((2, null), (2, "PNS"), (2, "Pelajar/Mahasiswa"), (1, "Astronot")),
            (g, a, e, o) => (Profile?)new Profile(g, a, e, o))));

    private static readonly Gen<TextRef> Suggestions = Weighted(
        (8, TextRef.Missing), (6, TextRef.Plain), (1, TextRef.Null), (1, TextRef.Empty), (1, TextRef.Whitespace), (2, TextRef.Rtl), (2, TextRef.Emoji),
        (1, TextRef.Combining), (1, TextRef.ZeroWidth), (1, TextRef.Bom), (1, TextRef.LineBreaks), (1, TextRef.MaxLength), (1, TextRef.TooLong),
        (1, TextRef.ControlChar), (1, TextRef.Nul), (1, TextRef.LoneHigh), (1, TextRef.LoneLow), (1, TextRef.SwappedPair));

    private static readonly Gen<TextRef> Others = Weighted(
        (30, TextRef.Missing), (1, TextRef.Null), (1, TextRef.Plain), (1, TextRef.Rtl), (1, TextRef.Emoji), (1, TextRef.LoneHigh), (1, TextRef.LoneLow),
        (1, TextRef.SwappedPair), (1, TextRef.TooLong));

    private static readonly Gen<TimeRef> Times = Weighted(
        (16, TimeRef.NowMinus1m), (1, TimeRef.NowPlus9m), (1, TimeRef.NowPlus11m), (2, TimeRef.OpenStart), (2, TimeRef.OpenStartMinus1s),
        (8, TimeRef.MidPrevious), (1, TimeRef.MidOld), (2, TimeRef.UtcZ), (1, TimeRef.OffsetPlus14), (1, TimeRef.OffsetMinus12),
        (1, TimeRef.SevenDigitFraction), (1, TimeRef.NoOffset), (1, TimeRef.Garbage), (1, TimeRef.DateOnly), (1, TimeRef.Missing),
        (1, TimeRef.Year9999), (1, TimeRef.Year0001), (1, TimeRef.Year0999));

    private static readonly Gen<Post> WildPosts = Gen.Select(
        Gen.Frequency((30, (IGen<int>)Gen.Int[0, 15]), (1, Gen.Const(-1))),
        Weighted((6, MallRef.Jombang), (5, MallRef.Bima), (1, MallRef.Unknown)),
        Weighted((4, AgencyRef.None), (2, AgencyRef.A), (1, AgencyRef.B), (6, AgencyRef.OfService), (1, AgencyRef.OtherMall), (1, AgencyRef.Unknown)),
        Weighted((3, ServiceRef.None), (4, ServiceRef.A1), (2, ServiceRef.A2), (3, ServiceRef.B1), (1, ServiceRef.Inactive), (1, ServiceRef.OtherMall), (1, ServiceRef.Unknown)),
        Weighted((8, ChannelRef.Qr), (4, ChannelRef.Officer), (5, ChannelRef.Kiosk), (1, ChannelRef.KioskWithoutToken), (1, ChannelRef.KioskOfOtherMall),
            (1, ChannelRef.Missing), (1, ChannelRef.Import), (1, ChannelRef.Bogus), (1, ChannelRef.Number)),
        Weighted<string?>((6, null), (8, "skm"), (2, PipelineFixture.ExtraTemplateCode), (1, "spkp"), (1, "SKM"), (1, ""), (1, "skm\u0000")),
        Times,
        Weighted((6, StartRef.Missing), (3, StartRef.ThreeSecondsBefore), (2, StartRef.TenMinutesBefore), (1, StartRef.AfterSubmitted), (1, StartRef.Garbage)),
        Answers,
        Profiles,
        Suggestions,
        Others,
        Weighted((40, BodyShape.Json), (1, BodyShape.Malformed), (1, BodyShape.WrongContentType), (1, BodyShape.Oversized), (1, BodyShape.EmptyObject),
            (1, BodyShape.JsonArray), (1, BodyShape.UnknownField), (1, BodyShape.Deep)),
        (id, mall, agency, service, channel, template, at, started, answers, profile, suggestion, other, shape) =>
            new Post(id, mall, agency, service, channel, template, at, started, answers, profile, suggestion, other, shape));


    private static readonly Gen<char> CleanAnswerChar = Weighted((10, '1'), (10, '2'), (14, '3'), (14, '4'), (3, '-'), (3, '_'));

    /// <summary>Requests a well-behaved client sends (every channel, both MPPs, both open periods, any valid text), which the app must store and count.</summary>
    private static readonly Gen<Post> CleanPosts = Gen.Select(
        Gen.Int[0, 30],
        Weighted((6, MallRef.Jombang), (5, MallRef.Bima)),
        Weighted((3, (AgencyRef.None, ServiceRef.None)), (6, (AgencyRef.OfService, ServiceRef.A1)), (3, (AgencyRef.OfService, ServiceRef.A2)),
            (4, (AgencyRef.OfService, ServiceRef.B1)), (2, (AgencyRef.A, ServiceRef.None)), (1, (AgencyRef.B, ServiceRef.None)),
            (2, (AgencyRef.None, ServiceRef.A1)), (1, (AgencyRef.None, ServiceRef.B1))),
        Weighted((8, ChannelRef.Qr), (4, ChannelRef.Officer), (5, ChannelRef.Kiosk), (1, ChannelRef.Missing)),
        Weighted<string?>((3, null), (6, "skm"), (1, PipelineFixture.ExtraTemplateCode)),
        Weighted((16, TimeRef.NowMinus1m), (1, TimeRef.NowPlus9m), (2, TimeRef.OpenStart), (2, TimeRef.OpenStartMinus1s), (10, TimeRef.MidPrevious),
            (2, TimeRef.UtcZ), (1, TimeRef.OffsetPlus14), (1, TimeRef.OffsetMinus12), (1, TimeRef.SevenDigitFraction)),
        Weighted((8, StartRef.Missing), (2, StartRef.ThreeSecondsBefore), (2, StartRef.TenMinutesBefore)),
        Gen.Frequency((14, (IGen<string>)CleanAnswerChar.Array[9].Select(cs => new string(cs))), (1, Gen.Int[1, 4].Select(d => new string((char)('0' + d), 9)))),
        Gen.Frequency((1, (IGen<Profile?>)Gen.Const<Profile?>((Profile?)null)), (2, Gen.Select(
            Weighted<string?>((1, null), (3, "L"), (3, "P")), Weighted<int?>((1, null), (1, 10), (4, 34), (1, 120)),
            Weighted<string?>((1, null), (2, "SMA"), (2, "S1/D4")), Weighted<string?>((1, null), (2, "Swasta"), (1, "Pelajar/Mahasiswa")),
            (g, a, e, o) => (Profile?)new Profile(g, a, e, o)))),
        Weighted((16, TextRef.Missing), (8, TextRef.Plain), (2, TextRef.Null), (2, TextRef.Empty), (2, TextRef.Whitespace), (4, TextRef.Rtl), (4, TextRef.Emoji),
            (2, TextRef.Combining), (2, TextRef.ZeroWidth), (2, TextRef.Bom), (2, TextRef.LineBreaks), (2, TextRef.MaxLength),
            // The one odd field of an otherwise valid response.
            (1, TextRef.LoneHigh), (1, TextRef.LoneLow), (1, TextRef.SwappedPair), (1, TextRef.Nul), (1, TextRef.ControlChar), (1, TextRef.TooLong)),
        Weighted((3, TextRef.Missing), (3, TextRef.Plain), (1, TextRef.Null), (1, TextRef.Rtl), (1, TextRef.Emoji), (1, TextRef.ZeroWidth), (1, TextRef.Empty),
            (1, TextRef.LoneHigh), (1, TextRef.LoneLow), (1, TextRef.SwappedPair), (1, TextRef.TooLong)),
        (id, mall, counter, channel, template, at, started, answers, profile, suggestion, other) =>
            template == PipelineFixture.ExtraTemplateCode
                // The extra questionnaire has U1 and the text question Q1 only.
                ? new Post(id, mall, counter.Item1, counter.Item2, channel, template, at, started, answers[..1] + "________", profile, suggestion, other, BodyShape.Json)
                : new Post(id, mall, counter.Item1, counter.Item2, channel, template, at, started, answers, profile, suggestion, TextRef.Missing, BodyShape.Json));

    public static readonly Gen<Post> Posts = Gen.Frequency((3, (IGen<Post>)CleanPosts), (1, WildPosts));

    private static readonly Gen<MallRef> AdminMall = Weighted((5, MallRef.Jombang), (4, MallRef.Bima), (1, MallRef.Unknown));

    /// <summary>The import page handles an unknown MPP itself (a message beside the field).</summary>
    private static readonly Gen<MallRef> ImportMall = Weighted((5, MallRef.Jombang), (4, MallRef.Bima), (1, MallRef.Unknown));

    private static readonly Gen<PeriodRef> AdminPeriod = Weighted((3, PeriodRef.Open), (5, PeriodRef.Previous), (2, PeriodRef.Old), (1, PeriodRef.Bad));

    private static readonly Gen<string> ImportRows = Weighted((12, '3'), (10, '4'), (6, '2'), (4, '1'), (3, '-'), (1, '7'))
        .Array[9].Select(cs => new string(cs)).Array[1, 6]
        .Select(rows => string.Join("/", rows.Select(r => r.Any(c => c is >= '1' and <= '4') ? r : "3" + r[1..])));

    public static readonly Gen<Step> AdminSteps = Gen.Frequency(
        (4, (IGen<Step>)Gen.Select(AdminMall, AdminPeriod, (m, p) => (Step)new Close(m, p))),
        (3, Gen.Select(AdminMall, AdminPeriod, (m, p) => (Step)new Publish(m, p))),
        (3, Gen.Select(ImportMall, AdminPeriod, Weighted((3, ServiceRef.None), (3, ServiceRef.A1), (2, ServiceRef.B1), (1, ServiceRef.Inactive), (1, ServiceRef.OtherMall)),
            ImportRows, (m, p, s, rows) => (Step)new Import(m, p, s, rows))),
        (3, Gen.Select(AdminMall, Weighted((3, ServiceRef.A1), (2, ServiceRef.A2), (2, ServiceRef.B1), (2, ServiceRef.Inactive)), Gen.Bool,
            (m, s, active) => (Step)new SetServiceActive(m, s, active))),
        (1, Gen.Const((Step)new NewTemplateVersion())),
        (3, Weighted<PeriodRef?>((3, null), (2, PeriodRef.Open), (2, PeriodRef.Previous), (1, PeriodRef.Old), (1, PeriodRef.Bad))
            .Select(p => (Step)new RunIndexJob(p))));

    /// <summary>Sequences of 1 to <paramref name="maxSteps"/> steps, about one admin action per <paramref name="postsPerAction"/> requests.</summary>
    public static Gen<Step[]> Sequences(int maxSteps, int postsPerAction) =>
        Gen.Frequency((postsPerAction, (IGen<Step>)Posts.Select(p => (Step)p)), (1, AdminSteps)).Array[1, maxSteps];
}
