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
/// job splits its reads by MPP into slices, read by several connections side by side. Every connection reads in the caller's
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

    /// <summary>
    /// Runs <paramref name="work"/> once per slice of <paramref name="slices"/>, on up to <paramref name="readers"/>
    /// connections in the caller's snapshot (reader r takes slices r, r + readers, ...); the results in slice order.
    /// </summary>
    public static async Task<T[]> RunAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string connectionString, int readers, int slices,
        Func<NpgsqlConnection, NpgsqlTransaction, Slice, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        slices = Math.Max(1, slices);
        readers = Math.Clamp(readers, 1, slices);
        var results = new T[slices];
        var snapshot = readers > 1 ? await ExportAsync(connection, transaction, ct) : null;
        if (snapshot is null)
        {
            for (var i = 0; i < slices; i++)
            {
                results[i] = await work(connection, transaction, new Slice(slices, i), ct);
            }
            return results;
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
            var tasks = parts.Select(async (part, r) =>
            {
                try
                {
                    for (var i = r; i < slices; i += readers)
                    {
                        results[i] = await work(part.Item1, part.Item2, new Slice(slices, i), failed.Token);
                    }
                }
                catch
                {
                    await failed.CancelAsync();
                    throw;
                }
            }).ToList();
            try
            {
                await Task.WhenAll(tasks);
                return results;
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

    /// <summary>
    /// Slices for a read of <paramref name="rows"/> responses (the table's estimate): at least one per reader, and
    /// about a million and a quarter responses each, so one statement's hash table stays small (about 110 MB for
    /// 1.25 M responses of a 9-element template) and the planner, which cannot see the group count through the
    /// aggregation's subqueries, still chooses hashing over sorting the responses on disk.
    /// </summary>
    public static int SlicesFor(double rows, int readers, int malls) =>
        Math.Clamp(Math.Max(readers, (int)Math.Ceiling(Math.Max(0, rows) / 1_250_000)), 1, Math.Max(1, malls));

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
