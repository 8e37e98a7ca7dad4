using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Responses;

/// <summary>
/// Keeps this process's <see cref="IngestCatalog"/> true to the database (ingest catalog): LISTENs,
/// on a connection of its own outside the pool, to the notifications the triggers send when an
/// MPP's row, agencies, services, surveys or theme terms change, and forgets that MPP. While it is
/// not listening (starting, or its connection lost) the catalog holds nothing and reads through;
/// when the connection comes back everything is forgotten once more, so a change notified while
/// nobody listened cannot leave old data behind.
/// </summary>
public sealed partial class IngestCatalogListener(IServiceProvider services, IngestCatalog catalog, ILogger<IngestCatalogListener> log) : BackgroundService
{
    /// <summary>The listener's session as pg_stat_activity shows it.</summary>
    public const string ApplicationName = "mppsurvey-ingest-catalog";

    /// <summary>
    /// An idle connection is checked this often, and a check that takes longer than <see cref="PingTimeoutSeconds"/>
    /// ends it: a half-open connection (a dropped link, a failover) must not let this node keep entries other nodes
    /// changed for longer than a few seconds, since accepting a response is decided from them.
    /// </summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(1);

    private const int PingTimeoutSeconds = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        using (var scope = services.CreateScope())
        {
            // The database the app's context uses, whatever its source (configuration, private server, test host).
            connectionString = scope.ServiceProvider.GetRequiredService<MppSurveyDbContext>().Database.GetConnectionString()!;
        }
        var listenerConnection = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // A pooled connection would go back to the pool still listening.
            Pooling = false,
            ApplicationName = ApplicationName,
        }.ConnectionString;
        var retry = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenerConnection);
                connection.Notification += (_, e) => OnNotification(connectionString, e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {IngestCatalog.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                catalog.StartHolding(connectionString);
                LogListening(log);
                retry = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = PingTimeoutSeconds };
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Whatever broke the connection, nothing held can be trusted until it listens again.
                catalog.StopHolding(connectionString);
                LogLost(log, e.GetType().Name, e.Message, retry.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            retry = TimeSpan.FromMilliseconds(Math.Min(retry.TotalMilliseconds * 2, 5000));
        }
        catalog.StopHolding(connectionString);
    }

    private void OnNotification(string connectionString, string payload)
    {
        if (int.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var mallId))
        {
            catalog.Evict(connectionString, mallId);
            return;
        }
        if (payload != "*")
        {
            // Not from the triggers (someone ran NOTIFY by hand): it names no MPP, so forget them all.
            LogOddPayload(log, payload.Length);
        }
        catalog.Clear(connectionString);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest catalog: listening for changes of MPPs, agencies, services, surveys and theme terms")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest catalog: the listening connection was lost ({Kind}: {Reason}); reading through the database until it is back, retrying in {RetryMs} ms")]
    private static partial void LogLost(ILogger logger, string kind, string reason, double retryMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest catalog: a notification whose payload ({Length} characters) is no MPP id; everything held is forgotten")]
    private static partial void LogOddPayload(ILogger logger, int length);
}

/// <summary>
/// This process's own writes to what <see cref="IngestCatalog"/> holds forget it at once, without
/// waiting for the notification: an administrator who deactivates a service and then tries it at a
/// kiosk served by the same node sees the change (ingest catalog). Other nodes learn of it from the
/// notification.
/// </summary>
public sealed partial class IngestCatalogWrites(IngestCatalog catalog) : DbCommandInterceptor
{
    [GeneratedRegex("""(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?(?:public\.)?"?(?:malls|agencies|services|surveys|theme_terms)"?(?!\w)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CatalogWrite();

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Forget(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Forget(command, eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Forget(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Forget(command, eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Forget(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Forget(DbCommand command, CommandExecutedEventData eventData)
    {
        if (eventData.Context is { } context && CatalogWrite().IsMatch(command.CommandText))
        {
            catalog.Clear(context.Database.GetConnectionString()!);
        }
    }
}
