using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace MppSurvey.Core.Responses;

/// <summary>Settings of the group commit of accepted responses (section "ResponseBatch").</summary>
public sealed class ResponseBatchOptions
{
    public const string Section = "ResponseBatch";

    /// <summary>
    /// False: each response is written by its own request in a statement of its own, as before the group
    /// commit (a switch for comparing the two in bench/, and a way back should the batch misbehave).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows of one statement at most; what queued beyond waits for the next.</summary>
    public int MaxRows { get; set; } = 256;

    /// <summary>
    /// How long a batch may wait for more rows before it is written. 0 (the default): never; the
    /// batch is whatever queued while the previous one was committing, so a lone response is written at once.
    /// </summary>
    public double MaxWaitMilliseconds { get; set; }
}

/// <summary>
/// Group commit of accepted responses (capability: ingest throughput). Concurrent requests hand their
/// row here and wait; one writer per database writes whatever queued while the previous statement
/// was committing as ONE multi-row `INSERT ... ON CONFLICT (id) DO NOTHING`, the integrity alerts in
/// the same statement, and acknowledges each request only after that commit. The statement text does
/// not depend on the batch size (one array per column, unnest), so it is prepared once per connection.
/// A failed batch fails none but its own poisoned rows: it is written again row by row, and each
/// request gets the outcome of its own row (a foreign-key violation, a connection failure).
/// One writer per connection string: several test databases share one process.
/// </summary>
public sealed partial class ResponseBatchWriter : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, ResponseBatchWriter> ByDatabase = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly Lock _gate = new();
    private readonly Queue<Pending> _queue = new();
    private Task _flushing = Task.CompletedTask;
    private bool _running;
    private ResponseBatchOptions _options = new();
    private ILogger _logger = NullLogger.Instance;

    private ResponseBatchWriter(string connectionString) => _connectionString = connectionString;

    /// <summary>The writer of this database (created on first use); <paramref name="options"/> and <paramref name="logger"/> replace its own when given.</summary>
    public static ResponseBatchWriter For(string connectionString, ResponseBatchOptions? options = null, ILogger? logger = null)
    {
        var writer = ByDatabase.GetOrAdd(connectionString, cs => new ResponseBatchWriter(cs));
        if (options is not null)
        {
            Volatile.Write(ref writer._options, options);
        }
        if (logger is not null)
        {
            writer._logger = logger;
        }
        return writer;
    }

    /// <summary>Whether responses go through this writer (<see cref="ResponseBatchOptions.Enabled"/>).</summary>
    public bool Enabled => Volatile.Read(ref _options).Enabled;

    /// <summary>Rows waiting for a statement (not counting the one being written): what the next batch will hold.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>One response row as the table holds it, with the integrity alerts that come with it.</summary>
    public sealed record Row(
        Guid Id, int SurveyId, int MallId, int? AgencyId, int? ServiceId, int TemplateVersionId, string PeriodCode, int Channel, int? KioskId,
        DateTime SubmittedAtLocal, DateTimeOffset ReceivedAt, int? Gender, int? Age, int? Education, int? Occupation, short?[] Scores,
        string? Suggestion, string? OtherAnswers, int Flags, int Themes, short ServiceModel, int[] AlertReasons, string?[] AlertTexts);

    private sealed record Pending(Row Row, TaskCompletionSource<bool> Done);

    /// <summary>
    /// Queues the row and completes once the statement holding it has committed: true when the row
    /// is new, false when a row with its id was already there (a replay, or an earlier arrival in
    /// the same batch). A request that stops waiting (<paramref name="ct"/>) leaves its row in the
    /// batch: the others' statement is not cancelled, and a retry with the same id finds it.
    /// </summary>
    public Task<bool> WriteAsync(Row row, CancellationToken ct = default)
    {
        var pending = new Pending(row, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _queue.Enqueue(pending);
            if (!_running)
            {
                // No writer at work: this request starts one, which writes at once (nothing to wait for).
                _running = true;
                // Without the request's context: the writer serves every request, so it must not carry one
                // request's trace, log scope or HttpContext for as long as it runs.
                using (ExecutionContext.SuppressFlow())
                {
                    _flushing = Task.Run(FlushAsync, CancellationToken.None);
                }
            }
        }
        return pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>Waits until every queued row is written (the host stopping): nothing accepted is dropped.</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            Task flushing;
            lock (_gate)
            {
                if (!_running && _queue.Count == 0)
                {
                    return;
                }
                flushing = _flushing;
            }
            await flushing.ConfigureAwait(false);
        }
    }

    /// <summary>Drains; the writer stays usable (it is shared by every host of the same database).</summary>
    public async ValueTask DisposeAsync() => await DrainAsync().ConfigureAwait(false);

    private async Task FlushAsync()
    {
        while (true)
        {
            var options = Volatile.Read(ref _options);
            var maxRows = Math.Max(1, options.MaxRows);
            if (options.MaxWaitMilliseconds > 0)
            {
                bool full;
                lock (_gate)
                {
                    full = _queue.Count >= maxRows;
                }
                if (!full)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.MaxWaitMilliseconds)).ConfigureAwait(false);
                }
            }
            List<Pending> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }
                batch = new List<Pending>(Math.Min(_queue.Count, maxRows));
                while (batch.Count < maxRows && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }
            }
            try
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never the writer's end: whoever is still waiting learns what went wrong.
                foreach (var p in batch)
                {
                    p.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        // Within a batch the first arrival of an id is written; a repeat is a duplicate of it, as it
        // would be one statement later.
        var first = new Dictionary<Guid, Pending>(batch.Count);
        var rows = new List<Row>(batch.Count);
        foreach (var p in batch)
        {
            if (first.TryAdd(p.Row.Id, p))
            {
                rows.Add(p.Row);
            }
        }
        // In one order on every node (by id; the first arrival of an id is the row kept above): two nodes whose
        // batches share ids, a kiosk retrying through another node, then lock them in the same order, never crosswise.
        rows.Sort((x, y) => x.Id.CompareTo(y.Id));
        HashSet<Guid> created;
        try
        {
            created = await InsertAsync(rows).ConfigureAwait(false);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            LogBatchFailed(_logger, batch.Count, e.GetType().Name, (e as PostgresException)?.SqlState ?? "");
            await WriteOneByOneAsync(batch).ConfigureAwait(false);
            return;
        }
        foreach (var p in batch)
        {
            p.Done.TrySetResult(ReferenceEquals(first[p.Row.Id], p) && created.Contains(p.Row.Id));
        }
    }

    /// <summary>
    /// After a failed batch: each row in its own statement, in arrival order, so a poisoned row (its
    /// survey deleted a moment ago) fails alone. Once the database is out of reach the rows left get
    /// that error without another attempt each (the clients retry with their ids).
    /// </summary>
    private async Task WriteOneByOneAsync(List<Pending> batch)
    {
        Exception? outage = null;
        foreach (var p in batch)
        {
            if (outage is not null)
            {
                p.Done.TrySetException(outage);
                continue;
            }
            try
            {
                p.Done.TrySetResult((await InsertAsync([p.Row]).ConfigureAwait(false)).Contains(p.Row.Id));
            }
            catch (Exception e)
            {
                p.Done.TrySetException(e);
                if (!IsRowError(e))
                {
                    outage = e;
                }
            }
        }
    }

    /// <summary>
    /// An error of the row's own data (a value or a constraint, classes 22 and 23) or of its moment (a deadlock or
    /// serialization failure), which another row need not share. Anything else (the connection, a timeout, too many
    /// connections, a schema being migrated) would fail every row alike: the rest of the batch gets it at once.
    /// </summary>
    private static bool IsRowError(Exception e) =>
        e is PostgresException pg && (pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal)
            || pg.SqlState is "40P01" or "40001");

    private const string InsertSql = """
        WITH ins AS (
            INSERT INTO responses (id, survey_id, mall_id, agency_id, service_id, template_version_id, period_code, channel, kiosk_id,
                                   submitted_at_local, received_at, gender, age, education, occupation, scores, suggestion, other_answers, flags, themes, service_model)
            SELECT r.id, r.survey_id, r.mall_id, r.agency_id, r.service_id, r.template_version_id, r.period_code, r.channel, r.kiosk_id,
                   r.submitted_at_local, r.received_at, r.gender, r.age, r.education, r.occupation, r.scores::smallint[], r.suggestion, r.other_answers::jsonb,
                   r.flags, r.themes, r.service_model
            FROM unnest($1::uuid[], $2::integer[], $3::integer[], $4::integer[], $5::integer[], $6::integer[], $7::text[], $8::integer[], $9::integer[],
                        $10::timestamp[], $11::timestamptz[], $12::integer[], $13::integer[], $14::integer[], $15::integer[], $16::text[], $17::text[], $18::text[],
                        $19::integer[], $20::integer[], $21::smallint[])
                AS r(id, survey_id, mall_id, agency_id, service_id, template_version_id, period_code, channel, kiosk_id,
                     submitted_at_local, received_at, gender, age, education, occupation, scores, suggestion, other_answers, flags, themes, service_model)
            ON CONFLICT (id) DO NOTHING
            RETURNING id, mall_id, period_code, received_at),
        alerts AS (
            INSERT INTO integrity_alerts (mall_id, response_id, period_code, reason, raised_at, masked_text)
            SELECT ins.mall_id, ins.id, ins.period_code, a.reason, ins.received_at, a.masked_text
            FROM ins JOIN unnest($22::uuid[], $23::integer[], $24::text[]) AS a(response_id, reason, masked_text) ON a.response_id = ins.id)
        SELECT id FROM ins
        """;

    /// <summary>One statement, one implicit transaction: the rows and their alerts commit together. Returns the ids inserted.</summary>
    private async Task<HashSet<Guid>> InsertAsync(IReadOnlyList<Row> rows)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(InsertSql, connection);
        T[] Column<T>(Func<Row, T> of)
        {
            var values = new T[rows.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = of(rows[i]);
            }
            return values;
        }
        void Add<T>(NpgsqlDbType type, T value) => command.Parameters.Add(new NpgsqlParameter<T> { NpgsqlDbType = NpgsqlDbType.Array | type, TypedValue = value });
        Add(NpgsqlDbType.Uuid, Column(r => r.Id));
        Add(NpgsqlDbType.Integer, Column(r => r.SurveyId));
        Add(NpgsqlDbType.Integer, Column(r => r.MallId));
        Add(NpgsqlDbType.Integer, Column(r => r.AgencyId));
        Add(NpgsqlDbType.Integer, Column(r => r.ServiceId));
        Add(NpgsqlDbType.Integer, Column(r => r.TemplateVersionId));
        Add(NpgsqlDbType.Text, Column(r => r.PeriodCode));
        Add(NpgsqlDbType.Integer, Column(r => r.Channel));
        Add(NpgsqlDbType.Integer, Column(r => r.KioskId));
        Add(NpgsqlDbType.Timestamp, Column(r => DateTime.SpecifyKind(r.SubmittedAtLocal, DateTimeKind.Unspecified)));
        Add(NpgsqlDbType.TimestampTz, Column(r => r.ReceivedAt.UtcDateTime));
        Add(NpgsqlDbType.Integer, Column(r => r.Gender));
        Add(NpgsqlDbType.Integer, Column(r => r.Age));
        Add(NpgsqlDbType.Integer, Column(r => r.Education));
        Add(NpgsqlDbType.Integer, Column(r => r.Occupation));
        // A row's scores are an array themselves: each goes as its array literal, cast back in the statement.
        Add(NpgsqlDbType.Text, Column(r => ScoresLiteral(r.Scores)));
        Add(NpgsqlDbType.Text, Column(r => r.Suggestion));
        Add(NpgsqlDbType.Text, Column(r => r.OtherAnswers));
        Add(NpgsqlDbType.Integer, Column(r => r.Flags));
        Add(NpgsqlDbType.Integer, Column(r => r.Themes));
        Add(NpgsqlDbType.Smallint, Column(r => r.ServiceModel));
        Add(NpgsqlDbType.Uuid, rows.SelectMany(r => r.AlertReasons.Select(_ => r.Id)).ToArray());
        Add(NpgsqlDbType.Integer, rows.SelectMany(r => r.AlertReasons).ToArray());
        Add(NpgsqlDbType.Text, rows.SelectMany(r => r.AlertTexts).ToArray());
        await command.PrepareAsync().ConfigureAwait(false);
        var inserted = new HashSet<Guid>(rows.Count);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            inserted.Add(reader.GetGuid(0));
        }
        return inserted;
    }

    private static string ScoresLiteral(short?[] scores) =>
        "{" + string.Join(',', scores.Select(s => s is short v ? v.ToString(CultureInfo.InvariantCulture) : "NULL")) + "}";

    [LoggerMessage(EventId = 1700, EventName = "ResponseBatchFailed", Level = LogLevel.Warning,
        Message = "A batch of {Rows} responses failed ({Error} {SqlState}); writing its rows one by one so only a poisoned row fails")]
    private static partial void LogBatchFailed(ILogger logger, int rows, string error, string sqlState);
}
