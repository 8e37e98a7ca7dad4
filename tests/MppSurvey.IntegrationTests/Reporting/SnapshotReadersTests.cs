using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using MppSurvey.Core.Reporting;
using MppSurvey.IntegrationTests.Infrastructure;

namespace MppSurvey.IntegrationTests.Reporting;

/// <summary>
/// The index job reads on several connections, each a slice of the MPPs, all in the snapshot of its one
/// transaction: together they count exactly what one statement would, whatever is committed meanwhile;
/// and the stored results do not depend on how many readers there were.
/// </summary>
public sealed class SnapshotReadersTests(IncrementalIndexTests.Fixture app) : IClassFixture<IncrementalIndexTests.Fixture>
{
    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Slice slice, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM responses WHERE $1 = 1 OR mall_id % $1 = $2", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = slice.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = slice.Index });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long> CommittedCountAsync(AppFixture app)
    {
        await using var scope = app.Scope();
        return await app.Db(scope).Responses.LongCountAsync();
    }

    [Fact]
    public async Task Readers_in_the_callers_snapshot_do_not_count_a_response_committed_after_it_and_together_count_every_one_before()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        // The snapshot is taken by the transaction's first statement.
        var before = await CountAsync(connection, npgsqlTransaction, Slice.All, default);

        await using (var other = app.Scope())
        {
            await app.InsertAsync(app.Db(other), app.Malls[1].Mall, "2026-S1", 3, new Random(7));
        }
        Assert.Equal(before + 3, await CommittedCountAsync(app));

        var parts = await SnapshotReaders.RunAsync(connection, npgsqlTransaction, db.Database.GetConnectionString()!, 2, 3, CountAsync, default);

        // Two readers, three slices: the first reader takes slices 0 and 2.
        Assert.Equal(3, parts.Length);
        Assert.Equal(before, parts.Sum());
        Assert.All(parts, p => Assert.True(p > 0, $"each slice of the four MPPs holds responses: {string.Join(", ", parts)}"));
        // The caller's own connection is still in its snapshot afterwards.
        Assert.Equal(before, await CountAsync(connection, npgsqlTransaction, Slice.All, default));
    }

    [Fact]
    public async Task A_transaction_that_has_written_reads_alone_and_counts_its_own_write()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        var committed = await CommittedCountAsync(app);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await app.InsertAsync(db, app.Malls[0].Mall, "2026-S2", 2, new Random(11));

        var parts = await SnapshotReaders.RunAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(),
            db.Database.GetConnectionString()!, 3, 3, CountAsync, default);

        // Other sessions could not see the uncommitted rows: the caller's connection reads every slice itself.
        Assert.Equal(3, parts.Length);
        Assert.Equal(committed + 2, parts.Sum());
        await transaction.RollbackAsync();
        Assert.Equal(committed, await CommittedCountAsync(app));
    }

    [Fact]
    public async Task A_read_committed_transaction_reads_alone()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        var parts = await SnapshotReaders.RunAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(),
            db.Database.GetConnectionString()!, 2, 1, CountAsync, default);
        Assert.Equal([await CommittedCountAsync(app)], parts);
    }

    [Fact]
    public async Task A_reader_that_fails_fails_the_whole_read_with_its_own_error()
    {
        await using var scope = app.Scope();
        var db = app.Db(scope);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        await CountAsync(connection, npgsqlTransaction, Slice.All, default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SnapshotReaders.RunAsync(connection, npgsqlTransaction,
            db.Database.GetConnectionString()!, 2, 2, async (c, t, slice, ct) =>
            {
                if (slice.Index == 1)
                {
                    throw new InvalidOperationException("reader 1 broke");
                }
                // The other reader is busy when it happens, and is stopped.
                await using var sleep = new NpgsqlCommand("SELECT pg_sleep(5)", c, t);
                await sleep.ExecuteNonQueryAsync(ct);
                return 0L;
            }, default));
        Assert.Equal("reader 1 broke", error.Message);
    }

    [Fact]
    public async Task The_job_stores_the_same_results_with_one_reader_and_with_three()
    {
        async Task<List<string>> RunAsync(int readers)
        {
            await using (var scope = app.Scope())
            {
                var outcome = await new RecomputeIndices(app.Db(scope)) { Readers = readers }.RunAsync(IncrementalIndexTests.Fixture.Periods);
                Assert.Empty(outcome.Failures);
                Assert.True(outcome.Written > 20, $"{outcome.Written} units");
            }
            await using (var scope = app.Scope())
            {
                return await app.Db(scope).Database.SqlQueryRaw<string>("""
                    SELECT ROW(period_code, template_code, unit_kind, unit_key, province_code, mall_id, agency_id, service_id, respondents,
                        element_codes, element_answered, element_sums, ikm, converted, grade, score_n, score_sum, score_sum_of_squares, standard_error,
                        ci_low, ci_high, sample_target, previous_converted, change_verdict, change_p_value, includes_flagged, profile_counts, last_received_at)::text AS "Value"
                    FROM index_results ORDER BY period_code, template_code, unit_kind, unit_key
                    """).ToListAsync();
            }
        }

        var one = await RunAsync(1);
        var three = await RunAsync(3);
        Assert.Equal(one, three);
    }
}
