using System.Net;
using Npgsql;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// A survey started by mistake can be cancelled while it has no answer. A response to it that is
/// being written at that very moment must get a clear refusal naming the survey, never a 500 from
/// the foreign key: the cancel holds the survey row, the insert waits on it, then finds it gone.
/// </summary>
public sealed class SurveyCancelRaceTests(IntegrityFixture app) : IClassFixture<IntegrityFixture>
{
    [Fact]
    public async Task A_response_arriving_while_its_survey_is_cancelled_is_refused_with_400_not_500()
    {
        var id = Guid.NewGuid();
        await using var admin = new NpgsqlConnection(app.ConnectionString);
        await admin.OpenAsync();
        var surveyId = await ScalarAsync<int>(admin, null, """
            SELECT s.id FROM surveys s JOIN survey_template_versions v ON v.id = s.template_version_id
            JOIN survey_templates t ON t.id = v.template_id WHERE t.code = 'lain'
            """);
        int before = await ScalarAsync<int>(admin, null, "SELECT count(*)::int FROM responses");

        // The cancel: lock the survey row as the page does, and keep it while the response comes in.
        await using var cancel = await admin.BeginTransactionAsync();
        await ScalarAsync<int>(admin, cancel, $"SELECT id FROM surveys WHERE id = {surveyId} FOR UPDATE");
        var post = ApiCalls.PostAsync(app.CreateClient(), app.OtherBody(id), language: "en");
        await WaitUntilAnInsertWaitsOnALockAsync();
        await ScalarAsync<int>(admin, cancel, $"WITH d AS (DELETE FROM surveys WHERE id = {surveyId} RETURNING id) SELECT count(*)::int FROM d");
        await cancel.CommitAsync();

        var response = await post;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("template", (await ApiCalls.ProblemAsync(response)).Errors.Keys);
        Assert.Equal(before, await ScalarAsync<int>(admin, null, "SELECT count(*)::int FROM responses"));
    }

    private async Task WaitUntilAnInsertWaitsOnALockAsync()
    {
        await using var watch = new NpgsqlConnection(app.ConnectionString);
        await watch.OpenAsync();
        for (var i = 0; i < 200; i++)
        {
            // pg_stat_activity lists the whole server's sessions: another class's database (a replay race
            // of its own) may have an insert into its responses waiting at this moment. Only this one's counts.
            var waiting = await ScalarAsync<int>(watch, null,
                "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO responses%'");
            if (waiting > 0)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("The response's insert never waited on the survey row.");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
