using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Surveys;
using MppSurvey.IntegrationTests.Api;
using MppSurvey.IntegrationTests.Infrastructure;
using static MppSurvey.IntegrationTests.Admin.FormRequests;
using static MppSurvey.IntegrationTests.BadInput.Forms;

namespace MppSurvey.IntegrationTests.Admin;

/// <summary>
/// /Admin/Survei (start a survey, its population, cancel one started by mistake) asked the two
/// questions: what does a hostile request do (another MPP's survey or counters in the hidden fields,
/// digits that are not ASCII, a replayed cancel) and what does a careless user do (double click on
/// Mulai, an empty form, a survey started by mistake)?
/// </summary>
[Collection(FormCollection.Name)]
public sealed class SurveyFormTests(FormFixture app)
{
    private const string Page = "/Admin/Survei";

    private string Next(int semesters)
    {
        var period = Period.Parse(app.OpenPeriod);
        for (var i = 0; i < semesters; i++)
        {
            period = Period.Containing(period.EndsOn.AddDays(1), PeriodKind.Semester);
        }
        return period.Code;
    }

    private Task<int> SurveysAsync(string period) => app.DbAsync(db => db.Surveys.CountAsync(s => s.MallId == app.MallId && s.PeriodCode == period));

    [Theory]
    [InlineData("Arabic-Indic digits in the year", "20\u0662\u0666-S2", "")]
    [InlineData("a Devanagari digit as the semester, in English", "2026-S\u0968", "en")]
    [InlineData("full-width digits", "\uFF12\uFF10\uFF12\uFF16", "")]
    public async Task Hostile_a_period_with_digits_that_are_not_ASCII_is_answered_beside_the_period_and_starts_nothing(string wrong, string period, string culture)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.Surveys.CountAsync());

        var response = await PostAsync(client, Page, "Start", Of(("VersionId", Inv(app.SkmVersionId)), ("PeriodCode", period)), culture.Length > 0 ? "culture=en" : "");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{wrong}: {(int)response.StatusCode}");
        await AssertErrorBesideAsync(response, "period-error", culture == "en" ? "Write the period like 2026-S2, 2026-Q4 or 2026." : "Tulis periode seperti 2026-S2, 2026-Q4, atau 2026.");
        Assert.Equal(before, await app.DbAsync(db => db.Surveys.CountAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.Periods.CountAsync(p => p.Code == period)));
    }

    [Fact]
    public async Task Hostile_another_MPPs_survey_in_the_hidden_field_is_not_found_for_population_or_cancel()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var bimaSurvey = await app.DbAsync(db => db.Surveys.Where(s => s.MallId == app.BimaMallId).Select(s => s.Id).FirstAsync());

        var population = await PostAsync(client, Page, "Population", Of(("SurveyId", Inv(bimaSurvey)), ("Population", "1000")));
        var cancel = await PostAsync(client, Page, "Cancel", Of(("SurveyId", Inv(bimaSurvey))));

        Assert.Equal(HttpStatusCode.NotFound, population.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        var after = await app.DbAsync(db => db.Surveys.SingleAsync(s => s.Id == bimaSurvey));
        Assert.Null(after.Population);
    }

    [Fact]
    public async Task Hostile_another_MPPs_service_in_the_coverage_is_answered_beside_the_coverage_and_starts_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var period = Next(2);

        var response = await PostAsync(client, Page, "Start", Of(("VersionId", Inv(app.SkmVersionId)), ("PeriodCode", period), ("ServiceIds", Inv(app.BimaServiceId))));

        await AssertErrorBesideAsync(response, "coverage-error", "Pilih instansi dan layanan aktif dari MPP ini saja.");
        Assert.Equal(0, await SurveysAsync(period));
    }

    [Fact]
    public async Task Careless_a_triple_click_on_start_starts_one_survey_and_answers_the_others_beside_the_version()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var period = Next(1);

        var answers = await AtOnceAsync(client, Page, Page + "?handler=Start", Of(("VersionId", Inv(app.SkmVersionId)), ("PeriodCode", period)));

        AssertOneDoneRestRefused(answers);
        Assert.Equal(1, await SurveysAsync(period));
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
        {
            await AssertErrorBesideAsync(refused, "version-error", $"Survei skm v1 untuk periode {period} sudah ada.");
        }
    }

    [Fact]
    public async Task Careless_an_empty_start_form_is_answered_beside_the_version_and_the_period()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var before = await app.DbAsync(db => db.Surveys.CountAsync());

        var response = await PostAsync(client, Page, "Start", []);

        var html = await AssertErrorBesideAsync(response, "version-error", "Pilih versi templat yang sudah terbit.");
        Assert.Equal("Tulis periode seperti 2026-S2, 2026-Q4, atau 2026.", ErrorBeside(html, "period-error"));
        Assert.Equal(before, await app.DbAsync(db => db.Surveys.CountAsync()));
    }

    [Fact]
    public async Task Careless_a_survey_started_by_mistake_is_cancelled_while_unanswered_and_a_replayed_cancel_finds_nothing()
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var period = Next(2);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, Page, "Start", Of(("VersionId", Inv(app.SkmVersionId)), ("PeriodCode", period)))).StatusCode);
        var surveyId = await app.DbAsync(db => db.Surveys.Where(s => s.MallId == app.MallId && s.PeriodCode == period).Select(s => s.Id).SingleAsync());
        Assert.Contains($"name=\"SurveyId\" value=\"{Inv(surveyId)}\"", await client.GetStringAsync(Page), StringComparison.Ordinal);
        var cancel = await WithTokenAsync(client, Page, Of(("SurveyId", Inv(surveyId))));

        var first = await ReplayAsync(client, Page + "?handler=Cancel", cancel);
        var replay = await ReplayAsync(client, Page + "?handler=Cancel", cancel);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("Survei dibatalkan.", await client.GetStringAsync(first.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal(0, await SurveysAsync(period));
        Assert.Equal([$"skm v1 {period}"], await app.AuditAsync("survey.cancel"));
    }

    [Theory]
    [InlineData("", "Survei ini sudah punya {0} respons dan tidak dapat dibatalkan.")]
    [InlineData("en", "This survey already has {0} responses and cannot be cancelled.")]
    public async Task Careless_cancelling_a_survey_with_responses_is_refused_beside_it_and_keeps_survey_and_answers(string culture, string message)
    {
        var client = await app.SignedInAsync(FormFixture.MppAdmin);
        var surveyId = await app.DbAsync(db => db.Surveys.Where(s => s.MallId == app.MallId && s.PeriodCode == app.OpenPeriod && s.TemplateVersionId == app.SkmVersionId).Select(s => s.Id).SingleAsync());
        if (await app.DbAsync(db => db.Responses.CountAsync(r => r.SurveyId == surveyId)) == 0)
        {
            Assert.Equal(HttpStatusCode.Created, (await ApiCalls.PostAsync(LoginClient.Anonymous(app), ApiCalls.ValidBody(app))).StatusCode);
        }

        // Other tests of the fixture (the lexicon page's) also answer this survey: the message names however many there are.
        var answers = await app.DbAsync(db => db.Responses.CountAsync(r => r.SurveyId == surveyId));
        var response = await PostAsync(client, Page, "Cancel", Of(("SurveyId", Inv(surveyId))), culture.Length > 0 ? "culture=en" : "");

        await AssertErrorBesideAsync(response, $"cancel-{Inv(surveyId)}-error", string.Format(CultureInfo.InvariantCulture, message, answers));
        Assert.Equal(1, await app.DbAsync(db => db.Surveys.CountAsync(s => s.Id == surveyId)));
        Assert.Equal(answers, await app.DbAsync(db => db.Responses.CountAsync(r => r.SurveyId == surveyId)));
    }
}
