using Npgsql;
using NpgsqlTypes;

namespace MppSurvey.Core.Responses;

/// <summary>
/// Bulk-loads responses with binary COPY: the demo data and the benchmark data sets are far too
/// large for row-by-row inserts. One place knows the column list and the wire types.
/// </summary>
public static class ResponseCopy
{
    public const string Command =
        "COPY responses (id, survey_id, mall_id, agency_id, service_id, template_version_id, period_code, channel, kiosk_id, " +
        "submitted_at_local, received_at, gender, age, education, occupation, scores, suggestion, flags, service_model, themes) FROM STDIN (FORMAT BINARY)";

    public static async Task WriteAsync(NpgsqlBinaryImporter writer, Response r, CancellationToken ct = default)
    {
        await writer.StartRowAsync(ct);
        await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
        await writer.WriteAsync(r.SurveyId, NpgsqlDbType.Integer, ct);
        await writer.WriteAsync(r.MallId, NpgsqlDbType.Integer, ct);
        await WriteOrNullAsync(writer, r.AgencyId, NpgsqlDbType.Integer, ct);
        await WriteOrNullAsync(writer, r.ServiceId, NpgsqlDbType.Integer, ct);
        await writer.WriteAsync(r.TemplateVersionId, NpgsqlDbType.Integer, ct);
        await writer.WriteAsync(r.PeriodCode, NpgsqlDbType.Text, ct);
        await writer.WriteAsync((int)r.Channel, NpgsqlDbType.Integer, ct);
        await WriteOrNullAsync(writer, r.KioskId, NpgsqlDbType.Integer, ct);
        await writer.WriteAsync(r.SubmittedAtLocal, NpgsqlDbType.Timestamp, ct);
        await writer.WriteAsync(r.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
        await WriteOrNullAsync(writer, (int?)r.Gender, NpgsqlDbType.Integer, ct);
        await WriteOrNullAsync(writer, r.Age, NpgsqlDbType.Smallint, ct);
        await WriteOrNullAsync(writer, (int?)r.Education, NpgsqlDbType.Integer, ct);
        await WriteOrNullAsync(writer, (int?)r.Occupation, NpgsqlDbType.Integer, ct);
        await writer.WriteAsync(r.Scores, NpgsqlDbType.Array | NpgsqlDbType.Smallint, ct);
        if (r.Suggestion is null)
        {
            await writer.WriteNullAsync(ct);
        }
        else
        {
            await writer.WriteAsync(r.Suggestion, NpgsqlDbType.Text, ct);
        }
        await writer.WriteAsync((int)r.Flags, NpgsqlDbType.Integer, ct);
        await writer.WriteAsync((short)r.ServiceModel, NpgsqlDbType.Smallint, ct);
        await writer.WriteAsync((int)r.Themes, NpgsqlDbType.Integer, ct);
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is T v ? writer.WriteAsync(v, type, ct) : writer.WriteNullAsync(ct);
}
