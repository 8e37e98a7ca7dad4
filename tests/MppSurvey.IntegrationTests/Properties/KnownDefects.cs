namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// Defects already known and being fixed on other branches. Each switch, while on, makes the
/// generator avoid the input that triggers the defect or the checker skip the invariant it breaks,
/// so the pipeline properties pass on today's code and still look at everything else.
/// Environment MPPSURVEY_PROPERTY_KNOWN_DEFECTS: unset or "all" = every switch on; "none" = every
/// switch off (the suite must pass that way once the fixes are merged); otherwise a comma-separated
/// list of the switches that stay on, e.g. "SignificanceDirection,SurfacesFromDifferentSnapshots".
/// </summary>
public static class KnownDefects
{
    public const string EnvironmentVariable = "MPPSURVEY_PROPERTY_KNOWN_DEFECTS";

    /// <summary>serviceId without agencyId is stored with a NULL agency, which breaks the index job and the workbook.</summary>
    public static bool ServiceWithoutAgency => On(nameof(ServiceWithoutAgency));

    /// <summary>submittedAt far in the future or before year 1000 answers 500 instead of 400.</summary>
    public static bool SubmittedAtExtremes => On(nameof(SubmittedAtExtremes));

    /// <summary>A lone surrogate in a text answer of `other` answers 500.</summary>
    public static bool LoneSurrogateInOther => On(nameof(LoneSurrogateInOther));

    /// <summary>A response without any scored answer is stored unflagged and counted in n.</summary>
    public static bool EmptySubmissionCounted => On(nameof(EmptySubmissionCounted));

    /// <summary>An import into a closed period that already has results is never recomputed by the nightly run.</summary>
    public static bool ImportNotRecomputed => On(nameof(ImportNotRecomputed));

    /// <summary>The change verdict comes from a test on respondent means and may point against the headline index.</summary>
    public static bool SignificanceDirection => On(nameof(SignificanceDirection));

    /// <summary>The surfaces of an open period read different snapshots (the workbook recounts live rows).</summary>
    public static bool SurfacesFromDifferentSnapshots => On(nameof(SurfacesFromDifferentSnapshots));

    // Found by this suite (not yet being fixed elsewhere): each has a regression test in PipelineRegressionTests.

    /// <summary>
    /// An administrator's POST on /Admin/Periode or /Admin/Instansi naming an MPP that does not exist
    /// (mpp=99.99, a stale link or a forged field) answers 500 (NullReferenceException) instead of 404.
    /// </summary>
    public static bool AdminActionOnUnknownMall => On(nameof(AdminActionOnUnknownMall));

    public static IReadOnlyList<string> All { get; } =
    [
        nameof(ServiceWithoutAgency), nameof(SubmittedAtExtremes), nameof(LoneSurrogateInOther), nameof(EmptySubmissionCounted),
        nameof(ImportNotRecomputed), nameof(SignificanceDirection), nameof(SurfacesFromDifferentSnapshots),
        nameof(AdminActionOnUnknownMall),
    ];

    public static string Describe() => string.Join(",", All.Where(On)) is { Length: > 0 } on ? on : "none";

    private static readonly AsyncLocal<bool> Suspended = new();

    /// <summary>Every switch off within the calling flow: a regression test checks its sequence fully, whatever the environment says.</summary>
    public static IDisposable AllOff()
    {
        Suspended.Value = true;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => Suspended.Value = false;
    }

    private static bool On(string name)
    {
        if (Suspended.Value)
        {
            return false;
        }
        var setting = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        if (string.IsNullOrEmpty(setting) || setting.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (setting.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return setting.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
