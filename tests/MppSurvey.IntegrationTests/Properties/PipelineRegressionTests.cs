namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// Minimal reproductions found by the pipeline properties, kept as they were printed; each must now
/// satisfy every invariant (the defect it once showed is fixed).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelineRegressionTests(PipelineFixture app)
{
    private async Task ExpectAsync(params Step[] steps)
    {
        var harness = await PipelineHarness.CreateAsync(app);
        var failures = await harness.FailuresAsync(steps);
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + Step.Print(steps));
    }

    [Fact]
    public Task Toggling_a_service_on_the_page_of_an_mpp_that_does_not_exist_is_not_a_server_error() =>
        ExpectAsync(
            new SetServiceActive(Mall: MallRef.Unknown, Service: ServiceRef.Inactive, Active: true));

    [Fact]
    public Task Closing_and_publishing_a_period_of_an_mpp_that_does_not_exist_is_not_a_server_error() =>
        ExpectAsync(
            new Close(Mall: MallRef.Unknown, Period: PeriodRef.Previous),
            new Publish(Mall: MallRef.Unknown, Period: PeriodRef.Previous));

    /// <summary>The sequences of the known defects being fixed on other branches, in their smallest form.</summary>
    [Fact]
    public Task A_service_without_its_agency_is_stored_with_the_agency_and_the_job_succeeds() =>
        ExpectAsync(
            new Post(Id: 0, Mall: MallRef.Jombang, Agency: AgencyRef.None, Service: ServiceRef.A1, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.NowMinus1m, StartedAt: StartRef.Missing, Answers: "432143214", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.Missing, Shape: BodyShape.Json),
            new Post(Id: 1, Mall: MallRef.Jombang, Agency: AgencyRef.OfService, Service: ServiceRef.A1, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.NowMinus1m, StartedAt: StartRef.Missing, Answers: "342134213", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.Missing, Shape: BodyShape.Json));

    [Fact]
    public Task A_submission_time_out_of_range_is_refused_not_a_server_error() =>
        ExpectAsync(
            new Post(Id: 0, Mall: MallRef.Jombang, Agency: AgencyRef.None, Service: ServiceRef.None, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.Year9999, StartedAt: StartRef.Missing, Answers: "432143214", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.Missing, Shape: BodyShape.Json),
            new Post(Id: 1, Mall: MallRef.Bima, Agency: AgencyRef.None, Service: ServiceRef.None, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.Year0999, StartedAt: StartRef.Missing, Answers: "432143214", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.Missing, Shape: BodyShape.Json));

    [Fact]
    public Task A_lone_surrogate_in_a_text_answer_is_refused_not_a_server_error() =>
        ExpectAsync(
            new Post(Id: 0, Mall: MallRef.Jombang, Agency: AgencyRef.None, Service: ServiceRef.None, Channel: ChannelRef.Qr, Template: "ekstra",
                SubmittedAt: TimeRef.NowMinus1m, StartedAt: StartRef.Missing, Answers: "3________", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.LoneHigh, Shape: BodyShape.Json));

    /// <summary>Both MPPs close the previous semester, then an import adds a row to one of them: the nightly run must count it.</summary>
    [Fact]
    public Task An_import_into_a_closed_and_computed_period_is_counted_by_the_nightly_run() =>
        ExpectAsync(
            new Post(Id: 30, Mall: MallRef.Jombang, Agency: AgencyRef.None, Service: ServiceRef.None, Channel: ChannelRef.Kiosk, Template: null,
                SubmittedAt: TimeRef.MidPrevious, StartedAt: StartRef.Missing, Answers: "444444444", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.Missing, Shape: BodyShape.Json),
            new Close(Mall: MallRef.Jombang, Period: PeriodRef.Previous),
            new Close(Mall: MallRef.Bima, Period: PeriodRef.Previous),
            new Import(Mall: MallRef.Jombang, Period: PeriodRef.Previous, Service: ServiceRef.None, Rows: "423344323"));

    [Fact]
    public Task A_response_without_any_scored_answer_is_not_counted() =>
        ExpectAsync(
            new Post(Id: 0, Mall: MallRef.Jombang, Agency: AgencyRef.None, Service: ServiceRef.None, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.NowMinus1m, StartedAt: StartRef.Missing, Answers: "_________", Profile: null, Suggestion: TextRef.Missing,
                Other: TextRef.Missing, Shape: BodyShape.Json));

    [Fact]
    public Task The_workbook_lists_every_response_its_snapshot_counted_not_only_those_up_to_one_profile_groups_latest_receipt() =>
        ExpectAsync(
            new Post(Id: 22, Mall: MallRef.Jombang, Agency: AgencyRef.A, Service: ServiceRef.None, Channel: ChannelRef.Kiosk, Template: null,
                SubmittedAt: TimeRef.MidPrevious, StartedAt: StartRef.Missing, Answers: "222222222", Profile: new Profile("L", 120, "SMA", null),
                Suggestion: TextRef.Emoji, Other: TextRef.Missing, Shape: BodyShape.Json),
            new Post(Id: 5, Mall: MallRef.Jombang, Agency: AgencyRef.OfService, Service: ServiceRef.A1, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.NowMinus1m, StartedAt: StartRef.ThreeSecondsBefore, Answers: "132333324", Profile: new Profile(null, 34, null, "Swasta"),
                Suggestion: TextRef.Missing, Other: TextRef.Missing, Shape: BodyShape.Json),
            new Post(Id: 2, Mall: MallRef.Jombang, Agency: AgencyRef.A, Service: ServiceRef.None, Channel: ChannelRef.Qr, Template: "skm",
                SubmittedAt: TimeRef.MidPrevious, StartedAt: StartRef.Missing, Answers: "112-42144", Profile: null, Suggestion: TextRef.Combining,
                Other: TextRef.Missing, Shape: BodyShape.Json));
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "Pipeline properties";
}
