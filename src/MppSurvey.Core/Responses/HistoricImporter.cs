using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;
using MppSurvey.Core.Scoring;
using MppSurvey.Core.Surveys;

namespace MppSurvey.Core.Responses;

/// <summary>
/// Brings an MPP's old SKM spreadsheet (the official pengolahan layout as .xlsx, or a CSV with
/// U1..U9 columns) in as responses of channel `import`, one per row, all or nothing: a bad cell
/// rejects the file, naming its row and column, and nothing is written.
/// </summary>
public sealed class HistoricImporter(MppSurveyDbContext db)
{
    public sealed record Request(int MallId, string PeriodCode, int? ServiceId, string FileName, byte[] Content, string ImportedBy, bool ScoreOnly);

    /// <param name="Error">A resource key (Import_*) when the file was refused; <see cref="Row"/> and <see cref="Column"/> locate a bad cell, <see cref="Detail"/> is its value.</param>
    public sealed record Result(int Rows, SkmIndex? Index, string? Error, string? Detail = null, int? Row = null, string? Column = null)
    {
        public bool Succeeded => Error is null;
    }

    public async Task<Result> ImportAsync(Request request, CancellationToken ct = default)
    {
        if (!Period.TryParse(request.PeriodCode, out var period))
        {
            return new Result(0, null, "Import_BadPeriod");
        }
        var extension = Path.GetExtension(request.FileName).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv" or ".txt"))
        {
            return new Result(0, null, "Import_BadFileType");
        }
        IReadOnlyList<ScoreRow> rows;
        try
        {
            rows = extension == ".xlsx"
                ? ScoreFile.ReadXlsx(new MemoryStream(request.Content), request.FileName)
                : ScoreFile.ReadCsv(new StreamReader(new MemoryStream(request.Content), Encoding.UTF8), request.FileName);
        }
        catch (ScoreFileException e)
        {
            // The page words the problem itself, naming the row and column once (the message of the
            // exception is the score tool's, which names them already).
            return new Result(0, null, "Import_" + (e.Problem ?? "Unreadable"), e.Value, e.Row, e.Column);
        }
        if (rows.Count == 0)
        {
            return new Result(0, null, "Import_Empty");
        }
        // Like the survey API: a row without a single scored answer is no respondent, and counting it would inflate n.
        if (rows.FirstOrDefault(r => r.Respondent.Answers.Count == 0) is { } blank)
        {
            return new Result(0, null, "Import_RowWithoutAnswers", Row: blank.RowNumber);
        }
        var index = IndexCalculator.Skm(rows.Select(r => r.Respondent));
        if (request.ScoreOnly)
        {
            return new Result(rows.Count, index, null);
        }

        int? agencyId = null;
        if (request.ServiceId is int serviceId)
        {
            agencyId = await db.Services.Where(s => s.Id == serviceId && s.Agency!.MallId == request.MallId).Select(s => (int?)s.AgencyId).FirstOrDefaultAsync(ct);
            if (agencyId is null)
            {
                return new Result(0, null, "Import_UnknownService");
            }
        }
        var hash = Convert.ToHexString(SHA256.HashData(request.Content));
        if (await db.ResponseImports.AnyAsync(i => i.MallId == request.MallId && i.PeriodCode == period.Code && i.FileHash == hash, ct))
        {
            return new Result(0, null, "Import_AlreadyImported");
        }

        // A published figure never changes silently (publication): history goes into unpublished periods only.
        if (await db.Surveys.AnyAsync(s => s.MallId == request.MallId && s.PeriodCode == period.Code && s.PublishedAt != null, ct))
        {
            return new Result(0, null, "Import_PeriodPublished");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var survey = await SurveyForAsync(request.MallId, period, ct);
        var version = await db.SurveyTemplateVersions.AsNoTracking().SingleAsync(v => v.Id == survey.TemplateVersionId, ct);
        // The old spreadsheets carry no dates: an imported row is dated at noon on the period's first day.
        var local = period.StartsOn.ToDateTime(new TimeOnly(12, 0));
        foreach (var row in rows)
        {
            db.Responses.Add(new Response
            {
                // Derived from the MPP, period, file and row, so the same row can never become two responses there.
                Id = RowId(request.MallId, period.Code, hash, row.RowNumber),
                SurveyId = survey.Id,
                MallId = request.MallId,
                AgencyId = agencyId,
                ServiceId = request.ServiceId,
                TemplateVersionId = version.Id,
                PeriodCode = period.Code,
                Channel = ResponseChannel.Import,
                SubmittedAtLocal = local,
                ReceivedAt = DateTimeOffset.UtcNow,
                Scores = version.ElementCodes.Select(code => row.Respondent.Answers.TryGetValue(code, out var v) ? (short?)v : null).ToArray(),
            });
        }
        db.ResponseImports.Add(new ResponseImport
        {
            MallId = request.MallId,
            PeriodCode = period.Code,
            ServiceId = request.ServiceId,
            FileName = Path.GetFileName(request.FileName),
            FileHash = hash,
            Rows = rows.Count,
            ImportedBy = request.ImportedBy,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Result(rows.Count, index, null);
    }

    /// <summary>The MPP's SKM survey of the period; a past period without one gets a closed survey for its history.</summary>
    private async Task<Survey> SurveyForAsync(int mallId, Period period, CancellationToken ct)
    {
        var survey = await db.Surveys.FirstOrDefaultAsync(s => s.MallId == mallId && s.PeriodCode == period.Code && s.TemplateVersion!.Template!.Code == "skm", ct);
        if (survey is not null)
        {
            return survey;
        }
        if (!await db.Periods.AnyAsync(p => p.Code == period.Code, ct))
        {
            db.Periods.Add(period);
        }
        // A draft authored in the browser is not a questionnaire anyone answered yet.
        var latest = await db.SurveyTemplateVersions.Where(v => v.Template!.Code == "skm" && v.PublishedAt != null).OrderByDescending(v => v.Version).FirstAsync(ct);
        survey = new Survey
        {
            MallId = mallId,
            TemplateVersionId = latest.Id,
            PeriodCode = period.Code,
            ClosedAt = DateTimeOffset.UtcNow,
        };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return survey;
    }

    private static Guid RowId(int mallId, string period, string fileHash, int row)
    {
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{mallId}:{period}:{fileHash}:{row}");
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0f) | 0x50);
        return new Guid(bytes);
    }
}
