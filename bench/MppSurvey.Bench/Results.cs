using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MppSurvey.Bench;

/// <summary>Keeps bench/results.json (one entry per figure) and regenerates bench/RESULTS.md from it.</summary>
public static class Results
{
    public sealed record Figure(string Key, double Value, string Unit, double? Limit, string LimitMeaning, string Goal, string Note);

    public static void Record(string root, params Figure[] figures)
    {
        var path = Path.Combine(root, "bench", "results.json");
        var json = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        foreach (var f in figures)
        {
            json[f.Key] = new JsonObject
            {
                ["value"] = Math.Round(f.Value, 3),
                ["unit"] = f.Unit,
                ["limit"] = f.Limit is double l ? Math.Round(l, 3) : null,
                ["limit_is"] = f.LimitMeaning,
                ["ratio"] = f.Limit is double limit && limit > 0 ? Math.Round(f.Value / limit, 3) : null,
                ["goal"] = f.Goal,
                ["note"] = f.Note,
                ["date"] = date,
                ["machine"] = Machine(),
            };
            var limitText = f.Limit is double lim
                ? string.Create(CultureInfo.InvariantCulture, $" | limit {lim:0.###} ({f.LimitMeaning}) | ratio {f.Value / lim:0.00}")
                : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Key}: {f.Value:0.###} {f.Unit}{limitText} | goal {f.Goal}"));
        }
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        WriteMarkdown(root, json);
    }

    public static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

    private static void WriteMarkdown(string root, JsonObject json)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results");
        md.AppendLine();
        md.AppendLine("Written by the benchmarks in `bench/` (see `bench/README.md`); the latest figure of each, from this machine.");
        md.AppendLine();
        md.AppendLine("| key | value | limit measured in the same run | ratio | goal | date | machine | note |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (key, node) in json.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var o = node!.AsObject();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| `{key}` | {o["value"]} {o["unit"]} | {(o["limit"] is null ? "-" : $"{o["limit"]} ({o["limit_is"]})")} | {o["ratio"]?.ToString() ?? "-"} | {o["goal"]} | {o["date"]} | {o["machine"]} | {o["note"]} |");
        }
        File.WriteAllText(Path.Combine(root, "bench", "RESULTS.md"), md.ToString());
    }
}
