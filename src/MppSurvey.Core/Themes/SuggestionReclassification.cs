using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using MppSurvey.Core.Database;
using MppSurvey.Core.Reporting;

namespace MppSurvey.Core.Themes;

/// <summary>
/// Keeps the stored themes of suggestions in step with the lexicon (suggestion themes): after an
/// MPP's administrators change their terms, that MPP's suggestions are classified again; after a
/// new lexicon version ships, all of them are (once: a succeeded job run with the version as its
/// parameter marks it done). Works in batches by response id, writes only rows whose themes change,
/// and can be repeated or interrupted at any point: the result is the same.
/// </summary>
public sealed partial class SuggestionReclassification(MppSurveyDbContext db, ILogger<SuggestionReclassification> logger)
{
    public const string JobKind = "suggestion-themes";
    private const int BatchSize = 2000;

    /// <summary>Every MPP's suggestions, unless this lexicon version has already been applied.</summary>
    public async Task<bool> RunIfLexiconChangedAsync(CancellationToken ct = default)
    {
        var version = SuggestionClassifier.LexiconVersion;
        if (await db.JobRuns.AnyAsync(r => r.Kind == JobKind && r.Parameters == version && r.Status == JobRunStatus.Succeeded, ct))
        {
            return false;
        }
        var run = new JobRun { Kind = JobKind, Parameters = version };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        var malls = await db.Malls.OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        run.Total = malls.Count;
        long changed = 0;
        foreach (var mall in malls)
        {
            changed += await RunMallAsync(mall, ct);
            run.Done++;
        }
        run.Status = JobRunStatus.Succeeded;
        run.FinishedAt = DateTimeOffset.UtcNow;
        run.Message = $"{changed} responses changed";
        await db.SaveChangesAsync(ct);
        Log.Reclassified(logger, version, malls.Count, changed);
        return true;
    }

    /// <summary>One MPP's suggestions with the built-in lexicon and that MPP's own terms; the number of rows changed.</summary>
    public async Task<long> RunMallAsync(int mallId, CancellationToken ct = default)
    {
        var terms = await db.ThemeTerms.AsNoTracking().Where(t => t.MallId == mallId)
            .Select(t => new { t.Theme, t.Term }).ToListAsync(ct);
        var extra = terms.Select(t => (t.Theme, t.Term)).ToList();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            long changed = 0;
            var after = Guid.Empty;
            while (true)
            {
                var ids = new List<Guid>();
                var themes = new List<int>();
                await using (var read = new NpgsqlCommand(
                    "SELECT id, suggestion, themes FROM responses WHERE mall_id = $1 AND suggestion IS NOT NULL AND id > $2 ORDER BY id LIMIT $3", connection))
                {
                    read.Parameters.Add(new NpgsqlParameter { Value = mallId });
                    read.Parameters.Add(new NpgsqlParameter { Value = after });
                    read.Parameters.Add(new NpgsqlParameter { Value = BatchSize });
                    await using var reader = await read.ExecuteReaderAsync(ct);
                    var rows = 0;
                    while (await reader.ReadAsync(ct))
                    {
                        rows++;
                        after = reader.GetGuid(0);
                        var now = (int)SuggestionClassifier.Classify(reader.GetString(1), extra);
                        if (now != reader.GetInt32(2))
                        {
                            ids.Add(after);
                            themes.Add(now);
                        }
                    }
                    if (rows == 0)
                    {
                        break;
                    }
                }
                if (ids.Count > 0)
                {
                    await using var write = new NpgsqlCommand(
                        "UPDATE responses r SET themes = v.themes FROM unnest($1, $2) AS v(id, themes) WHERE r.id = v.id AND r.themes <> v.themes", connection);
                    write.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                    write.Parameters.Add(new NpgsqlParameter { Value = themes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
                    changed += await write.ExecuteNonQueryAsync(ct);
                }
            }
            return changed;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "Suggestion themes classified again with lexicon {Version}: {Malls} MPPs, {Changed} responses changed")]
        public static partial void Reclassified(ILogger logger, string version, int malls, long changed);
    }
}
