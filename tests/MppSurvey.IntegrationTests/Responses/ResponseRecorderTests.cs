using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Responses;

public sealed class ResponseRecorderTests(ResponseRecorderTests.Fixture app) : IClassFixture<ResponseRecorderTests.Fixture>
{
    /// <summary>One MPP (Kota Bima, WITA) with one agency, one service and an open 2026-S2 survey.</summary>
    public sealed class Fixture : AppFixture
    {
        public int ServiceId { get; private set; }
        public int AgencyId { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var scope = Scope();
            var db = Db(scope);
            var mall = new Mall { RegencyCode = "52.72", Name = "MPP Kota Bima", TimeZone = Core.Regions.IndonesianTimeZone.Wita };
            var agency = new Agency { Name = "Dinas Kependudukan dan Pencatatan Sipil", ShortName = "Dukcapil" };
            agency.Services.Add(new Service { Name = "Kartu Keluarga" });
            mall.Agencies.Add(agency);
            db.Malls.Add(mall);
            db.Periods.Add(Period.Parse("2026-S2"));
            var version = await db.SurveyTemplateVersions.SingleAsync(v => v.Template!.Code == "skm" && v.Version == 1);
            await db.SaveChangesAsync();
            db.Surveys.Add(new Survey { MallId = mall.Id, TemplateVersionId = version.Id, PeriodCode = "2026-S2" });
            await db.SaveChangesAsync();
            AgencyId = agency.Id;
            ServiceId = agency.Services[0].Id;
        }
    }

    private ResponseSubmission Valid(Guid id) => new()
    {
        Id = id,
        RegencyCode = "52.72",
        AgencyId = app.AgencyId,
        ServiceId = app.ServiceId,
        Channel = ResponseChannel.QrPhone,
        // 23:30 UTC on 31 December is already 1 January in WITA (UTC+8); pick a time safely inside 2026-S2.
        SubmittedAt = new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.Zero),
        Gender = Gender.Female,
        Age = 34,
        Education = Education.S1D4,
        Occupation = Occupation.Swasta,
        Answers = new Dictionary<string, int?> { ["U1"] = 4, ["U2"] = 3, ["U3"] = 2, ["U4"] = 4, ["U5"] = null, ["U6"] = 4, ["U7"] = 4, ["U8"] = 1, ["U9"] = 3 },
        Suggestion = "Ruang tunggu panas.",
    };

    private async Task<RecordResult> Record(ResponseSubmission s)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ResponseRecorder>().RecordAsync(s);
    }

    private async Task<int> Rows(Guid id)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Responses.CountAsync(r => r.Id == id);
    }

    [Fact]
    public async Task A_valid_response_is_stored_with_answers_in_element_order_and_blank_as_null()
    {
        var id = Guid.NewGuid();
        var result = await Record(Valid(id));

        Assert.Equal(RecordOutcome.Created, result.Outcome);
        await using var scope = app.Scope();
        var row = await app.Db(scope).Responses.SingleAsync(r => r.Id == id);
        Assert.Equal([(short)4, 3, 2, 4, null, 4, 4, 1, 3], row.Scores);
        Assert.Equal("2026-S2", row.PeriodCode);
        Assert.Equal(app.ServiceId, row.ServiceId);
        // 02:15 UTC is 10:15 in WITA (UTC+8): the local time is what the MPP's reports use.
        Assert.Equal(new DateTime(2026, 11, 20, 10, 15, 0), row.SubmittedAtLocal);
        Assert.Equal(ResponseFlags.None, row.Flags);
    }

    [Fact]
    public async Task A_duplicate_response_id_is_stored_once()
    {
        var id = Guid.NewGuid();
        var first = await Record(Valid(id));
        var retry = await Record(Valid(id));
        // Two retries racing each other must not create a second row either.
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Record(Valid(id))));

        Assert.Equal(RecordOutcome.Created, first.Outcome);
        Assert.Equal(RecordOutcome.Duplicate, retry.Outcome);
        Assert.All(racing, r => Assert.Equal(RecordOutcome.Duplicate, r.Outcome));
        Assert.Equal(1, await Rows(id));
    }

    [Fact]
    public async Task An_element_code_the_template_does_not_have_is_rejected_and_nothing_is_written()
    {
        var id = Guid.NewGuid();
        var answers = new Dictionary<string, int?>(Valid(id).Answers) { ["U10"] = 3 };

        var result = await Record(Valid(id) with { Answers = answers });

        Assert.Equal(RecordOutcome.Rejected, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal("answers.U10", error.Field);
        Assert.Equal("Error_UnknownElement", error.Code);
        Assert.Equal(0, await Rows(id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task An_answer_outside_the_scale_is_rejected(int value)
    {
        var id = Guid.NewGuid();
        var answers = new Dictionary<string, int?>(Valid(id).Answers) { ["U3"] = value };

        var result = await Record(Valid(id) with { Answers = answers });

        Assert.Equal(RecordOutcome.Rejected, result.Outcome);
        Assert.Equal("answers.U3", Assert.Single(result.Errors).Field);
        Assert.Equal(0, await Rows(id));
    }

    [Fact]
    public async Task A_service_of_another_mall_or_an_unknown_mall_is_rejected()
    {
        var unknownMall = await Record(Valid(Guid.NewGuid()) with { RegencyCode = "35.17" });
        var unknownService = await Record(Valid(Guid.NewGuid()) with { ServiceId = 999_999 });

        Assert.Equal("regencyCode", Assert.Single(unknownMall.Errors).Field);
        Assert.Contains(unknownService.Errors, e => e.Field == "serviceId");
    }

    [Fact]
    public async Task A_timestamp_far_in_the_future_and_control_characters_are_rejected()
    {
        var id = Guid.NewGuid();
        var result = await Record(Valid(id) with { SubmittedAt = DateTimeOffset.UtcNow.AddDays(2), Suggestion = "bagus\u0000\u0007" });

        Assert.Contains(result.Errors, e => e.Field == "submittedAt");
        Assert.Contains(result.Errors, e => e.Field == "suggestion");
        Assert.Equal(0, await Rows(id));
    }
}
