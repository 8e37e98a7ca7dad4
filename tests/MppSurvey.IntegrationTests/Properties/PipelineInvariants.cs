using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Reporting;
using MppSurvey.Core.Reporting.Workbooks;
using MppSurvey.Core.Responses;
using MppSurvey.Core.Scoring;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// What must hold after any sequence, for every period it touched: the index job succeeds; every
/// stored response is attributed consistently and counted exactly where the method says (recounted
/// here from the rows with the pure scoring code, not with the app's SQL) or flagged and left out;
/// the dashboard, the open data, the MPP workbook and the national workbook agree with the stored
/// figure to the cent and on n; every workbook opens. Returns the violations (empty when all hold).
/// </summary>
public sealed partial class PipelineInvariants(PipelineFixture app, PipelineRunner runner, HttpClient admin)
{
    public int Checks { get; private set; }

    private sealed record Row(Guid Id, int MallId, int? AgencyId, int? ServiceId, int VersionId, string Period, ResponseFlags Flags, short?[] Scores,
        ServiceModel Model = ServiceModel.Direct, ResponseChannel Channel = ResponseChannel.QrPhone);

    private sealed record Unit(string Period, UnitKind Kind, string Key);

    public async Task<List<string>> CheckAsync()
    {
        var failures = new List<string>();
        void Require(bool condition, Func<string> message)
        {
            Checks++;
            if (!condition)
            {
                failures.Add(message());
            }
        }

        // Between two runs of the job, every surface of a period must still show one snapshot: the figure a
        // workbook gives must be the dashboard's, whether the workbook was stored or is generated on request.
        {
            List<IndexResult> before;
            await using (var s = app.Scope())
            {
                before = await app.Db(s).IndexResults.AsNoTracking().Where(r => r.TemplateCode == "skm" && r.UnitKind == UnitKind.Mall).ToListAsync();
            }
            foreach (var r in before)
            {
                var dashboard = await DashboardAsync(r.UnitKey, r.PeriodCode);
                var workbook = await MallWorkbookAsync(r.UnitKey, r.PeriodCode);
                Require(workbook.Error is not null || workbook.Figures == dashboard,
                    () => $"{r.UnitKey} {r.PeriodCode} before the job: dashboard shows {dashboard}, MPP workbook {workbook.Figures}");
            }
        }

        // The nightly run (every period with a change since its computation) must leave every period right.
        var job = await runner.IndexJobAsync(null);
        Require(job is null, () => job!);
        if (job is not null)
        {
            return failures;
        }

        await using var scope = app.Scope();
        var db = app.Db(scope);
        var rows = await db.Responses.AsNoTracking()
            .Select(r => new Row(r.Id, r.MallId, r.AgencyId, r.ServiceId, r.TemplateVersionId, r.PeriodCode, r.Flags, r.Scores, r.ServiceModel, r.Channel)).ToListAsync();
        var versions = await db.SurveyTemplateVersions.AsNoTracking().Where(v => v.Template!.Code == "skm").ToDictionaryAsync(v => v.Id, v => v.ElementCodes);
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.AgencyId);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.MallId);
        var malls = await db.Malls.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.RegencyCode);
        var results = await db.IndexResults.AsNoTracking().Where(r => r.TemplateCode == "skm").ToListAsync();
        var surveys = await db.Surveys.AsNoTracking().Select(s => new { s.MallId, s.PeriodCode, s.PublishedAt }).ToListAsync();

        // Attribution: a response's service belongs to its agency, and both to its MPP.
        foreach (var r in rows)
        {
            if (r.ServiceId is int service)
            {
                Require(services.TryGetValue(service, out var owner) && r.AgencyId == owner,
                    () => $"response {r.Id}: service {service} stored with agency {r.AgencyId?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}, the service's agency is {services.GetValueOrDefault(service)}");
            }
            if (r.AgencyId is int agency)
            {
                Require(agencies.GetValueOrDefault(agency) == r.MallId, () => $"response {r.Id}: agency {agency} is not of MPP {r.MallId}");
            }
        }

        // The independent recount: counted = no flag and at least one scored answer; every other response is left out.
        // Any flag is a reason (burst, straight-lining, late, or one a fix adds, such as "no scored answer").
        // The skm figures are recounted; a response to another questionnaire is counted in that questionnaire's results.
        var counted = rows.Where(r => versions.ContainsKey(r.VersionId) && r.Flags == ResponseFlags.None && r.Scores.Any(s => s is not null)).ToList();
        foreach (var r in rows.Where(r => r.Flags == ResponseFlags.None && r.Scores.All(s => s is null)))
        {
            Checks++;
            failures.Add($"response {r.Id} ({r.Period}) has no scored answer, yet is stored unflagged: it counts in n");
        }
        var expected = new Dictionary<Unit, List<Row>>();
        void Into(Unit unit, Row row)
        {
            if (!expected.TryGetValue(unit, out var list))
            {
                expected[unit] = list = [];
            }
            list.Add(row);
        }
        foreach (var r in counted)
        {
            var regency = malls[r.MallId];
            Into(new Unit(r.Period, UnitKind.National, "ID"), r);
            Into(new Unit(r.Period, UnitKind.Province, regency.Split('.')[0]), r);
            Into(new Unit(r.Period, UnitKind.Mall, regency), r);
            // By how the service was delivered, per MPP and nationally.
            Into(new Unit(r.Period, UnitKind.MallServiceModel, DeliveryUnits.Key(regency, (int)r.Model)), r);
            Into(new Unit(r.Period, UnitKind.MallChannel, DeliveryUnits.Key(regency, (int)r.Channel)), r);
            Into(new Unit(r.Period, UnitKind.NationalServiceModel, DeliveryUnits.Key(DeliveryUnits.NationalPrefix, (int)r.Model)), r);
            Into(new Unit(r.Period, UnitKind.NationalChannel, DeliveryUnits.Key(DeliveryUnits.NationalPrefix, (int)r.Channel)), r);
            var agency = r.ServiceId is int s ? services.GetValueOrDefault(s) : r.AgencyId;
            if (agency is int a)
            {
                Into(new Unit(r.Period, UnitKind.Agency, a.ToString(CultureInfo.InvariantCulture)), r);
            }
            if (r.ServiceId is int service)
            {
                Into(new Unit(r.Period, UnitKind.Service, service.ToString(CultureInfo.InvariantCulture)), r);
            }
        }
        var stored = results.GroupBy(r => new Unit(r.PeriodCode, r.UnitKind, r.UnitKey)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (unit, unitRows) in expected)
        {
            var index = IndexCalculator.Skm(unitRows.Select(r => Respondent(r, versions[r.VersionId])));
            var found = stored.GetValueOrDefault(unit);
            Require(found is { Count: 1 }, () => $"{unit}: {found?.Count ?? 0} stored results, expected one (n={unitRows.Count})");
            if (found is { Count: 1 } && found[0] is var result)
            {
                Require(result.Respondents == unitRows.Count && result.Converted == index.ConvertedRounded,
                    () => $"{unit}: stored n={result.Respondents} IKM={result.Converted}, recount n={unitRows.Count} IKM={index.ConvertedRounded}");
            }
        }
        foreach (var unit in stored.Keys.Where(u => !expected.ContainsKey(u)))
        {
            Checks++;
            failures.Add($"{unit}: a stored result ({stored[unit][0].Respondents} respondents) where nothing counts");
        }

        {
            foreach (var r in results.Where(r => r.PreviousConverted is not null))
            {
                Require(r.ChangeVerdict switch
                {
                    nameof(ChangeVerdict.SignificantRise) => r.Converted > r.PreviousConverted,
                    nameof(ChangeVerdict.SignificantFall) => r.Converted < r.PreviousConverted,
                    _ => true,
                }, () => $"{r.PeriodCode} {r.UnitKind} {r.UnitKey}: verdict {r.ChangeVerdict} beside {r.PreviousConverted} -> {r.Converted}");
            }
        }

        // The surfaces: every MPP and period with a stored figure, and every period's national workbook.
        var mallResults = results.Where(r => r.UnitKind == UnitKind.Mall).ToList();
        foreach (var r in mallResults)
        {
            var where = $"{r.UnitKey} {r.PeriodCode}";
            var dashboard = await DashboardAsync(r.UnitKey, r.PeriodCode);
            Require(dashboard == (r.Converted, r.Respondents), () => $"{where}: dashboard shows {dashboard}, stored ({r.Converted}, {r.Respondents})");

            var workbook = await MallWorkbookAsync(r.UnitKey, r.PeriodCode);
            Require(workbook.Error is null, () => $"{where}: MPP workbook {workbook.Error}");
            if (workbook.Error is null)
            {
                Require(workbook.Figures == (r.Converted, r.Respondents), () => $"{where}: MPP workbook shows {workbook.Figures}, stored ({r.Converted}, {r.Respondents})");
            }

            var national = await NationalRowAsync(r.PeriodCode, r.UnitKey);
            Require(national.Error is null, () => $"{where}: national workbook {national.Error}");
            if (national.Error is null)
            {
                Require(national.Figures == (r.Converted, r.Respondents), () => $"{where}: national workbook shows {national.Figures}, stored ({r.Converted}, {r.Respondents})");
            }

            var published = surveys.Any(s => s.MallId == r.MallId && s.PeriodCode == r.PeriodCode && s.PublishedAt is not null);
            var open = await OpenDataAsync(r.UnitKey, r.PeriodCode);
            if (published)
            {
                Require(open == (r.Converted, r.Respondents), () => $"{where}: open data shows {open}, stored ({r.Converted}, {r.Respondents}) for a published period");
            }
            else
            {
                Require(open is null, () => $"{where}: open data shows the unpublished period: {open}");
            }
        }
        // An MPP and period with responses but no figure: its workbook is refused or opens, never a 5xx.
        foreach (var (mallId, period) in rows.Select(r => (r.MallId, r.Period)).Distinct()
                     .Where(x => !mallResults.Any(r => r.MallId == x.MallId && r.PeriodCode == x.Period)))
        {
            using var response = await admin.GetAsync($"/laporan/{malls[mallId]}/{period}.xlsx");
            Require((int)response.StatusCode < 500, () => $"{malls[mallId]} {period}: workbook without a figure answers {(int)response.StatusCode}");
        }
        return failures;
    }

    private static Respondent Respondent(Row r, string[] codes)
    {
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < codes.Length && i < r.Scores.Length; i++)
        {
            if (r.Scores[i] is short v)
            {
                answers[codes[i]] = v;
            }
        }
        return new Respondent(answers);
    }

    [GeneratedRegex("<dd id=\"ikm\">([^<]*)</dd>")]
    private static partial Regex IkmPattern();

    [GeneratedRegex("<dd id=\"respondents\">\\s*([0-9,]+)")]
    private static partial Regex RespondentsPattern();

    private async Task<(decimal, int)?> DashboardAsync(string regency, string period)
    {
        var html = await admin.GetStringAsync($"/dasbor/{regency}?periode={period}&culture=en");
        var ikm = IkmPattern().Match(html);
        var n = RespondentsPattern().Match(html);
        return ikm.Success && n.Success
            ? (decimal.Parse(ikm.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(n.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))
            : null;
    }

    private async Task<(decimal, int)?> OpenDataAsync(string regency, string period)
    {
        using var response = await admin.GetAsync($"/api/v1/publik/{regency}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var p in doc.RootElement.GetProperty("periods").EnumerateArray())
        {
            if (p.GetProperty("period").GetString() == period)
            {
                return (p.GetProperty("index").GetDecimal(), p.GetProperty("respondents").GetInt32());
            }
        }
        return null;
    }

    private async Task<(string? Error, (decimal, int)? Figures)> MallWorkbookAsync(string regency, string period)
    {
        using var response = await admin.GetAsync($"/laporan/{regency}/{period}.xlsx");
        if (!response.IsSuccessStatusCode)
        {
            return ($"answers {(int)response.StatusCode}", null);
        }
        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            var sheet = workbook.Worksheet(WorkbookText.Get("Sheet_Summary"));
            decimal? converted = null;
            int? n = null;
            foreach (var row in sheet.RowsUsed())
            {
                var label = row.Cell(1).GetString();
                if (label == WorkbookText.Get("Summary_Converted"))
                {
                    converted = Math.Round((decimal)row.Cell(2).GetDouble(), 2);
                }
                else if (label == WorkbookText.Get("Summary_Respondents"))
                {
                    n = (int)row.Cell(2).GetDouble();
                }
            }
            return converted is decimal c && n is int count ? (null, (c, count)) : ("has no IKM or no n on its summary sheet", null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ($"does not open: {e.GetType().Name}: {e.Message}", null);
        }
    }

    private async Task<(string? Error, (decimal, int)? Figures)> NationalRowAsync(string period, string regency)
    {
        using var response = await admin.GetAsync($"/laporan/nasional/{period}.xlsx");
        if (!response.IsSuccessStatusCode)
        {
            return ($"answers {(int)response.StatusCode}", null);
        }
        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
            var sheet = workbook.Worksheet(WorkbookText.Get("Sheet_AllMalls"));
            var row = sheet.RowsUsed().FirstOrDefault(r => r.Cell(3).GetString() == regency);
            if (row is null)
            {
                return ($"has no row for {regency}", null);
            }
            return (null, (Math.Round((decimal)row.Cell(9).GetDouble(), 2), (int)row.Cell(6).GetDouble()));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ($"does not open or has no figure: {e.GetType().Name}: {e.Message}", null);
        }
    }
}
