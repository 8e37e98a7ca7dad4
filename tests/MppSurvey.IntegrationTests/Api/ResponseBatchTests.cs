using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using MppSurvey.Core.Responses;
using Npgsql;

namespace MppSurvey.IntegrationTests.Api;

/// <summary>
/// The group commit of accepted responses (<see cref="ResponseBatchWriter"/>) through POST /api/v1/responses.
/// To be sure requests share one statement, a test holds the survey row locked (as an admin's cancel does):
/// the first batch waits on it, and everything sent meanwhile queues for the next batch, whose size the
/// test sees (<see cref="ResponseBatchWriter.Queued"/>) before it lets go.
/// </summary>
public sealed class ResponseBatchTests(IntegrityFixture app) : IClassFixture<IntegrityFixture>
{
    /// <summary>A gratuity the classifier knows: every response with it raises one integrity alert.</summary>
    private const string Gratuity = "Petugas loket minta uang rokok 50 ribu";

    private ResponseBatchWriter Writer => app.Services.GetRequiredService<ResponseBatchWriter>();

    [Fact]
    public async Task A_batch_holding_repeated_ids_stores_each_once_answers_201_to_the_first_and_200_with_the_same_receipt_to_the_others()
    {
        var ids = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        var client = app.CreateClient();
        await using var admin = await OpenAsync();
        var answers = await WhileSurveysLockedAsync(admin, () =>
        {
            // Each id four times, interleaved: 32 requests queue behind the blocked first batch.
            var sent = Enumerable.Range(0, 32).Select(i => Send(client, Body(ids[i % ids.Length]))).ToList();
            return (sent, 32);
        });
        var results = await Task.WhenAll(answers);

        foreach (var id in ids)
        {
            var own = results.Where(r => r.Id == id).ToList();
            Assert.Equal(4, own.Count);
            Assert.Single(own, r => r.Status == HttpStatusCode.Created);
            Assert.Equal(3, own.Count(r => r.Status == HttpStatusCode.OK));
            var receipt = own.Single(r => r.Status == HttpStatusCode.Created).Body;
            Assert.All(own, r => Assert.True(JsonNode.DeepEquals(receipt, r.Body), $"{r.Body} differs from {receipt}"));
            Assert.Equal(id.ToString(), (string?)receipt["id"]);
        }
        // Exactly one row per id, and its one alert: a repeat in the same statement raised none.
        Assert.Equal(ids.Length, await IntAsync(admin, "SELECT count(*)::int FROM responses WHERE id = ANY($1)", ids));
        Assert.Equal(ids.Length, await IntAsync(admin, "SELECT count(*)::int FROM integrity_alerts WHERE response_id = ANY($1)", ids));
        Assert.Equal(ids.Length, await IntAsync(admin, "SELECT count(DISTINCT response_id)::int FROM integrity_alerts WHERE response_id = ANY($1)", ids));
    }

    [Fact]
    public async Task A_batch_whose_statement_fails_on_one_row_stores_and_acknowledges_the_others_and_refuses_that_one_alone()
    {
        var good = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        var poisoned = Guid.NewGuid();
        var client = app.CreateClient();
        await using var admin = await OpenAsync();
        var lain = await IntAsync(admin, """
            SELECT s.id FROM surveys s JOIN survey_template_versions v ON v.id = s.template_version_id
            JOIN survey_templates t ON t.id = v.template_id WHERE t.code = 'lain'
            """);
        var answers = await WhileSurveysLockedAsync(admin, () =>
        {
            // Validated while "lain" still runs; the admin cancels it before its batch is written.
            var sent = good.Take(3).Select(id => Send(client, Body(id)))
                .Append(Send(client, Other(poisoned)))
                .Concat(good.Skip(3).Select(id => Send(client, Body(id)))).ToList();
            return (sent, sent.Count);
        }, $"DELETE FROM surveys WHERE id = {lain}");
        var results = await Task.WhenAll(answers);

        Assert.All(results.Where(r => r.Id != poisoned), r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var refused = results.Single(r => r.Id == poisoned);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("template", refused.Body["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(good.Length, await IntAsync(admin, "SELECT count(*)::int FROM responses WHERE id = ANY($1)", good));
        Assert.Equal(good.Length, await IntAsync(admin, "SELECT count(*)::int FROM integrity_alerts WHERE response_id = ANY($1)", good));
        // Nothing partial of the refused one: no row, no alert.
        Assert.Equal(0, await IntAsync(admin, "SELECT count(*)::int FROM responses WHERE id = ANY($1)", [poisoned]));
        Assert.Equal(0, await IntAsync(admin, "SELECT count(*)::int FROM integrity_alerts WHERE response_id = ANY($1)", [poisoned]));
    }

    [Fact]
    public async Task For_any_interleaving_of_concurrent_submissions_with_repeated_ids_the_rows_are_the_distinct_ids_acknowledged_each_once()
    {
        var client = app.CreateClient();
        await using var admin = await OpenAsync();
        // Up to 24 submissions drawn from up to 6 ids, each sent after a random pause of 0-3 ms.
        var submissions = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3]).Array[1, 24];
        await submissions.SampleAsync(async plan =>
        {
            var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
            var results = await Task.WhenAll(plan.Select(async p =>
            {
                await Task.Delay(p.Item2);
                return await Send(client, Body(ids[p.Item1]));
            }));

            Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{r.Status} {r.Body}"));
            var sent = plan.Select(p => ids[p.Item1]).Distinct().Order().ToList();
            // Each distinct id acknowledged as new exactly once, and stored exactly once with exactly one alert.
            Assert.Equal(sent, results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Id).Order().ToList());
            Assert.Equal(sent, await IdsAsync(admin, "SELECT id FROM responses WHERE id = ANY($1)", ids));
            Assert.Equal(sent, await IdsAsync(admin, "SELECT response_id FROM integrity_alerts WHERE response_id = ANY($1)", ids));
        }, iter: 20, threads: 1);
    }

    private sealed record Answer(Guid Id, HttpStatusCode Status, JsonNode Body);

    private JsonObject Body(Guid id)
    {
        var body = ApiCalls.ValidBody(app, id);
        body["suggestion"] = Gratuity;
        return body;
    }

    private JsonObject Other(Guid id)
    {
        var body = app.OtherBody(id);
        body["suggestion"] = Gratuity;
        return body;
    }

    private static async Task<Answer> Send(HttpClient client, JsonObject body)
    {
        using var response = await ApiCalls.PostAsync(client, body, language: "en");
        return new Answer(Guid.Parse((string)body["id"]!), response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>
    /// Locks the open skm surveys (FOR UPDATE, as the cancel does), sends one response
    /// that the first batch blocks on, then what <paramref name="send"/> sends, waits until that many rows
    /// queue for the next batch, runs <paramref name="meanwhile"/> in the lock's transaction, and lets go.
    /// </summary>
    private async Task<List<Task<Answer>>> WhileSurveysLockedAsync(NpgsqlConnection admin,
        Func<(List<Task<Answer>> Sent, int Expected)> send, string? meanwhile = null)
    {
        var client = app.CreateClient();
        await using var hold = await admin.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand("""
            SELECT s.id FROM surveys s JOIN survey_template_versions v ON v.id = s.template_version_id
            JOIN survey_templates t ON t.id = v.template_id WHERE t.code = 'skm' AND s.closed_at IS NULL FOR UPDATE OF s
            """, admin, hold))
        {
            await lockRows.ExecuteNonQueryAsync();
        }
        var blocker = Send(client, Body(Guid.NewGuid()));
        await WaitForAsync(async () => await IntAsync(app.ConnectionString,
            "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO responses%'") > 0,
            "the first batch never waited on the survey row");
        var (sent, expected) = send();
        await WaitForAsync(() => Task.FromResult(Writer.Queued >= expected), $"{expected} rows never queued (queued: {Writer.Queued})");
        Assert.Equal(expected, Writer.Queued);
        if (meanwhile is not null)
        {
            await using var command = new NpgsqlCommand(meanwhile, admin, hold);
            await command.ExecuteNonQueryAsync();
        }
        await hold.CommitAsync();
        Assert.Equal(HttpStatusCode.Created, (await blocker).Status);
        return sent;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string failure)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(25);
        }
        Assert.Fail(failure);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> IntAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await IntAsync(connection, sql);
    }

    private static async Task<int> IntAsync(NpgsqlConnection connection, string sql, Guid[]? ids = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (ids is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
        }
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<Guid>> IdsAsync(NpgsqlConnection connection, string sql, Guid[] ids)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }
        return found.Order().ToList();
    }
}
