using System.Data;
using System.Text.RegularExpressions;
using Npgsql;

namespace MppSurvey.Core.Reporting;

/// <summary>One part of the MPPs when a read is split across connections: those with <c>id % Count = Index</c>.</summary>
public readonly record struct Slice(int Count, int Index)
{
    public static readonly Slice All = new(1, 0);

    /// <summary>
    /// The MPP ids of this slice, among <paramref name="mallIds"/> (null: every MPP of <paramref name="every"/>);
    /// null when the read is not split and not limited. A list, not <c>mall_id % n</c> in SQL: the
    /// planner estimates a list of ids from the column's statistics, and an expression not at all.
    /// </summary>
    public int[]? Of(IReadOnlyCollection<int>? mallIds, IEnumerable<int> every)
    {
        if (Count <= 1)
        {
            return mallIds?.ToArray();
        }
        var (count, index) = (Count, Index);
        return (mallIds ?? every).Where(id => id % count == index).Order().ToArray();
    }
}

/// <summary>
/// Index computation on every core: PostgreSQL aggregates with one process per statement, so the
/// job splits its reads by MPP across several connections. Every connection reads in the caller's
/// snapshot (<c>pg_export_snapshot</c> / <c>SET TRANSACTION SNAPSHOT</c>, as pg_dump does), so the
/// parts together count exactly the responses one statement would have counted. When the snapshot
/// cannot be shared the caller's connection reads alone: a transaction that has written (other
/// sessions would not see its writes), one that is not REPEATABLE READ (its next statement would see
/// another snapshot), or a single reader asked for.
/// </summary>
public static partial class SnapshotReaders
{
    /// <summary>Readers by default: one per core of the app's machine (PostgreSQL usually has as many), at most four.</summary>
    public static int DefaultCount => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Runs <paramref name="work"/> once per slice, each on its own connection in the caller's snapshot; the results in slice order.</summary>
    public static async Task<T[]> RunAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string connectionString, int readers,
        Func<NpgsqlConnection, NpgsqlTransaction, Slice, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var snapshot = readers > 1 ? await ExportAsync(connection, transaction, ct) : null;
        if (snapshot is null)
        {
            return [await work(connection, transaction, Slice.All, ct)];
        }
        var others = new List<NpgsqlConnection>();
        // One part failing stops the others: the whole read fails anyway.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var parts = new List<(NpgsqlConnection, NpgsqlTransaction)> { (connection, transaction) };
            for (var i = 1; i < readers; i++)
            {
                var other = new NpgsqlConnection(connectionString);
                others.Add(other);
                await other.OpenAsync(ct);
                var imported = await other.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
                await using (var set = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot}'", other, imported))
                {
                    await set.ExecuteNonQueryAsync(ct);
                }
                parts.Add((other, imported));
            }
            var tasks = parts.Select(async (part, i) =>
            {
                try
                {
                    return await work(part.Item1, part.Item2, new Slice(readers, i), failed.Token);
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }
            }).ToList();
            try
            {
                return await Task.WhenAll(tasks);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // A part cancelled because another failed: report the failure, not the cancellation.
                throw tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault() ?? throw new InvalidOperationException("A snapshot reader was cancelled.");
            }
        }
        finally
        {
            // Read only: closing rolls each imported transaction back.
            foreach (var other in others)
            {
                await other.DisposeAsync();
            }
        }
    }

    /// <summary>The caller's snapshot, if it can be shared: REPEATABLE READ or SERIALIZABLE, and nothing written yet.</summary>
    private static async Task<string?> ExportAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN pg_current_xact_id_if_assigned() IS NULL AND current_setting('transaction_isolation') <> 'read committed' THEN pg_export_snapshot() END",
            connection, transaction);
        var snapshot = await command.ExecuteScalarAsync(ct) as string;
        // PostgreSQL's snapshot names are hex and dashes; anything else is not put into a statement.
        return snapshot is not null && SnapshotName().IsMatch(snapshot) ? snapshot : null;
    }

    [GeneratedRegex("^[0-9A-F-]{1,64}$")]
    private static partial Regex SnapshotName();
}
