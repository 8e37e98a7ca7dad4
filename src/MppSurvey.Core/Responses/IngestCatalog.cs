using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using MppSurvey.Core.Database;
using MppSurvey.Core.Malls;
using MppSurvey.Core.Surveys;
using MppSurvey.Core.Themes;

namespace MppSurvey.Core.Responses;

/// <summary>
/// What the response recorder looks up before its insert, per MPP, held in the process so an
/// accepted response costs one round trip (ingest catalog): the MPP, its active agencies and
/// services, its surveys with their template versions (without the template JSON) and its theme
/// terms. Kept per database, because several databases (test hosts) share one process.
/// Entries are stored only while <see cref="IngestCatalogListener"/> listens for the change
/// notifications of that database (triggers on every table the entry comes from, migration
/// IngestCatalogNotify); otherwise every look-up reads through. An eviction bumps the database's
/// generation, and a read stores its entry only when the generation is still the one it saw before
/// it read, so a read that began before a change cannot put the old data back after the eviction.
/// </summary>
public sealed class IngestCatalog
{
    /// <summary>The channel the triggers notify, with the MPP's id as the payload.</summary>
    public const string Channel = "mppsurvey_ingest_catalog";

    /// <summary>The parsed template per content hash: a published version never changes, and the hash (not the row id) is the key across databases.</summary>
    private static readonly ConcurrentDictionary<string, TemplateFile> FileByContent = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, DatabaseState> _byConnectionString = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DatabaseState> _byDatabase = new(StringComparer.Ordinal);

    /// <summary>One MPP as the recorder sees it. Shared by every request: read only.</summary>
    public sealed class Entry
    {
        public required Mall Mall { get; init; }
        /// <summary>Active services of active agencies, with their agency.</summary>
        public required IReadOnlyDictionary<int, int> AgencyOfService { get; init; }
        public required IReadOnlySet<int> ActiveAgencies { get; init; }
        /// <summary>Every survey of the MPP, newest first, each with its version and template code; <see cref="SurveyTemplateVersion.Definition"/> is empty.</summary>
        public required IReadOnlyList<Survey> Surveys { get; init; }
        public required IReadOnlyList<(SuggestionTheme Theme, string Term)> ThemeTerms { get; init; }

        /// <summary>The rule of <see cref="RunningSurveys.ForDateAsync"/> on the held surveys.</summary>
        public List<Survey> Running(string templateCode, DateOnly localDate)
        {
            var periodCodes = RunningSurveys.PeriodCodes(localDate);
            return Surveys.Where(x => periodCodes.Contains(x.PeriodCode) && x.TemplateVersion!.Template!.Code == templateCode).ToList();
        }

        /// <summary>
        /// Whether the look-ups of a submission all find what they need here. When not, the recorder
        /// reads the MPP again before refusing: a counter or survey added a moment ago on another
        /// node is then not refused because its notification has not arrived yet.
        /// </summary>
        public bool Accepts(ResponseSubmission s, DateOnly? localDate)
        {
            var counterAgencyId = s.AgencyId;
            if (s.ServiceId is int serviceId)
            {
                if (!AgencyOfService.TryGetValue(serviceId, out var agencyId) || (s.AgencyId is int given && given != agencyId))
                {
                    return false;
                }
                counterAgencyId = agencyId;
            }
            if (s.AgencyId is int a && !ActiveAgencies.Contains(a))
            {
                return false;
            }
            return localDate is not DateOnly date || Running(s.TemplateCode, date).Any(x => x.Covers(counterAgencyId, s.ServiceId));
        }
    }

    private sealed class DatabaseState
    {
        public readonly ConcurrentDictionary<string, Entry> ByRegency = new(StringComparer.Ordinal);
        public readonly Lock Gate = new();
        public long Generation;
        public bool Listening;
    }

    /// <summary>
    /// The active MPP of a regency code, from the process when held, else from the database
    /// (<paramref name="fresh"/>: always from the database). Null when no active MPP has the code; that is never held.
    /// </summary>
    public async Task<Entry?> FindAsync(MppSurveyDbContext db, string regencyCode, bool fresh, CancellationToken ct)
    {
        var state = StateOf(db.Database.GetConnectionString()!);
        if (!fresh && state.ByRegency.TryGetValue(regencyCode, out var held))
        {
            return held;
        }
        long generation;
        lock (state.Gate)
        {
            generation = state.Generation;
        }
        var entry = await LoadAsync(db, regencyCode, ct);
        if (entry is not null)
        {
            lock (state.Gate)
            {
                if (state.Listening && state.Generation == generation)
                {
                    state.ByRegency[regencyCode] = entry;
                }
            }
        }
        return entry;
    }

    /// <summary>The parsed template of a version; its JSON is read once per content per process.</summary>
    public static async Task<TemplateFile> FileAsync(MppSurveyDbContext db, SurveyTemplateVersion version, CancellationToken ct)
    {
        if (FileByContent.TryGetValue(version.ContentHash, out var file))
        {
            return file;
        }
        var definition = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Id == version.Id).Select(v => v.Definition).SingleAsync(ct);
        // The catalog or the editor validated the definition under this name when it was stored.
        return FileByContent.GetOrAdd(version.ContentHash, _ => TemplateFile.Parse(TemplateFile.FileNameOf(version.Template!.Code, version.Version), definition));
    }

    /// <summary>The listener of this database listens: entries may be held from now on (none from before).</summary>
    public void StartHolding(string connectionString) => Reset(connectionString, listening: true);

    /// <summary>The listener lost its connection or stops: nothing held may be trusted, and nothing is held until it listens again.</summary>
    public void StopHolding(string connectionString) => Reset(connectionString, listening: false);

    /// <summary>Forgets everything held for the database (a notification that names no MPP), holding on.</summary>
    public void Clear(string connectionString)
    {
        var state = StateOf(connectionString);
        Reset(connectionString, state.Listening);
    }

    /// <summary>Forgets one MPP (a change notified by a trigger, or made by this process).</summary>
    public void Evict(string connectionString, int mallId)
    {
        var state = StateOf(connectionString);
        lock (state.Gate)
        {
            state.Generation++;
            foreach (var (regency, entry) in state.ByRegency)
            {
                if (entry.Mall.Id == mallId)
                {
                    state.ByRegency.TryRemove(regency, out _);
                }
            }
        }
    }

    /// <summary>Whether the MPP of a regency code is held for the database (for tests and diagnostics).</summary>
    public bool Holds(string connectionString, string regencyCode) => StateOf(connectionString).ByRegency.ContainsKey(regencyCode);

    public bool IsHolding(string connectionString) => StateOf(connectionString).Listening;

    private void Reset(string connectionString, bool listening)
    {
        var state = StateOf(connectionString);
        lock (state.Gate)
        {
            state.Generation++;
            state.Listening = listening;
            state.ByRegency.Clear();
        }
    }

    /// <summary>Keyed by server and database, so the app's and the listener's connection strings (which differ in settings) meet.</summary>
    private DatabaseState StateOf(string connectionString) =>
        _byConnectionString.GetOrAdd(connectionString, cs =>
        {
            var b = new NpgsqlConnectionStringBuilder(cs);
            return _byDatabase.GetOrAdd($"{b.Host}:{b.Port}/{b.Database}", _ => new DatabaseState());
        });

    private static async Task<Entry?> LoadAsync(MppSurveyDbContext db, string regencyCode, CancellationToken ct)
    {
        var mall = await db.Malls.AsNoTracking().FirstOrDefaultAsync(m => m.RegencyCode == regencyCode && m.IsActive, ct);
        if (mall is null)
        {
            return null;
        }
        var services = await db.Services.AsNoTracking()
            .Where(x => x.IsActive && x.Agency!.IsActive && x.Agency.MallId == mall.Id)
            .Select(x => new { x.Id, x.AgencyId })
            .ToDictionaryAsync(x => x.Id, x => x.AgencyId, ct);
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.MallId == mall.Id && a.IsActive).Select(a => a.Id).ToListAsync(ct);
        var rows = await db.Surveys.AsNoTracking()
            .Where(x => x.MallId == mall.Id)
            .OrderByDescending(x => x.OpenedAt)
            .Select(x => new
            {
                Survey = new Survey
                {
                    Id = x.Id, MallId = x.MallId, TemplateVersionId = x.TemplateVersionId, PeriodCode = x.PeriodCode, Population = x.Population,
                    AgencyIds = x.AgencyIds, ServiceIds = x.ServiceIds, OpenedBy = x.OpenedBy, OpenedAt = x.OpenedAt, ClosedAt = x.ClosedAt, PublishedAt = x.PublishedAt,
                },
                x.TemplateVersion!.TemplateId,
                TemplateCode = x.TemplateVersion.Template!.Code,
                x.TemplateVersion.Version,
                x.TemplateVersion.ScaleMin,
                x.TemplateVersion.ScaleMax,
                x.TemplateVersion.ElementCodes,
                x.TemplateVersion.ContentHash,
            })
            .ToListAsync(ct);
        var versions = new Dictionary<int, SurveyTemplateVersion>();
        foreach (var row in rows)
        {
            if (!versions.TryGetValue(row.Survey.TemplateVersionId, out var version))
            {
                version = new SurveyTemplateVersion
                {
                    Id = row.Survey.TemplateVersionId, TemplateId = row.TemplateId, Version = row.Version, ScaleMin = row.ScaleMin, ScaleMax = row.ScaleMax,
                    ElementCodes = row.ElementCodes, ContentHash = row.ContentHash,
                    // Not held: the recorder needs the parsed file only, which FileAsync keeps per content.
                    Definition = "",
                    Template = new SurveyTemplate { Id = row.TemplateId, Code = row.TemplateCode, NameId = "", NameEn = "" },
                };
                versions.Add(version.Id, version);
            }
            row.Survey.TemplateVersion = version;
        }
        var terms = await db.ThemeTerms.AsNoTracking().Where(t => t.MallId == mall.Id).Select(t => new { t.Theme, t.Term }).ToListAsync(ct);
        return new Entry
        {
            Mall = mall,
            AgencyOfService = services,
            ActiveAgencies = agencies.ToHashSet(),
            Surveys = rows.Select(r => r.Survey).ToList(),
            ThemeTerms = terms.Select(t => (t.Theme, t.Term)).ToList(),
        };
    }
}
