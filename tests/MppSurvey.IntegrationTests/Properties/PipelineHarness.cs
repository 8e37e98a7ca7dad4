using System.Globalization;
using System.Text;
using CsCheck;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>Counts over a whole run, for the one summary line of the long run.</summary>
public sealed class PipelineStats
{
    public int Sequences { get; set; }
    public int Requests { get; private set; }
    public int Actions { get; private set; }
    public long InvariantChecks { get; set; }
    public int Failures { get; set; }
    public SortedDictionary<int, int> Statuses { get; } = [];

    public void Add(IEnumerable<StepOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            if (o.Step is Post)
            {
                Requests++;
                Statuses[o.Status] = Statuses.GetValueOrDefault(o.Status) + 1;
            }
            else
            {
                Actions++;
            }
        }
    }

    public string Summary(string seed) => string.Create(CultureInfo.InvariantCulture,
        $"seed={seed} sequences={Sequences} requests={Requests} statuses={{{string.Join(" ", Statuses.Select(s => $"{s.Key}:{s.Value}"))}}} " +
        $"actions={Actions} invariant-checks={InvariantChecks} failures={Failures} known-defects={KnownDefects.Describe()}");
}

/// <summary>One sequence from a clean state: run it, then check every invariant; throws with the printed sequence when one breaks.</summary>
public sealed class PipelineHarness(PipelineFixture app, PipelineRunner runner, PipelineInvariants invariants)
{
    public PipelineStats Stats { get; } = new();

    public static async Task<PipelineHarness> CreateAsync(PipelineFixture app)
    {
        var runner = await PipelineRunner.CreateAsync(app);
        var admin = (await AdminPages.SignInAsync(app)).Client;
        return new PipelineHarness(app, runner, new PipelineInvariants(app, runner, admin));
    }

    public async Task AssertAsync(IReadOnlyList<Step> steps)
    {
        await app.ResetAsync();
        var outcomes = await runner.RunAsync(steps);
        Stats.Add(outcomes);
        Stats.Sequences++;
        var failures = outcomes.Select((o, i) => o.Failure is null ? null : $"step {i + 1}: {o.Failure}").OfType<string>().ToList();
        var before = invariants.Checks;
        failures.AddRange(await invariants.CheckAsync());
        Stats.InvariantChecks += invariants.Checks - before + outcomes.Count;
        if (failures.Count > 0)
        {
            Stats.Failures++;
            var log = new StringBuilder();
            for (var i = 0; i < outcomes.Count; i++)
            {
                log.Append(CultureInfo.InvariantCulture, $"  {i + 1}. {outcomes[i].Status} {outcomes[i].Request}\n");
            }
            throw new InvalidOperationException(
                $"{failures.Count} invariant(s) broken:\n  {string.Join("\n  ", failures.Take(20))}\nSequence:\n{Step.Print(steps)}\nOutcomes:\n{log}");
        }
    }

    /// <summary>
    /// MPPSURVEY_PROPERTY_SEED: unset = the fixed seed of ./test, "random" = a new one (printed), a number = that one.
    /// Returns the CsCheck seed and the number to print.
    /// </summary>
    public static (string CsCheckSeed, string Printed) Seed(long fixedSeed)
    {
        var setting = Environment.GetEnvironmentVariable("MPPSURVEY_PROPERTY_SEED")?.Trim();
        var number = string.IsNullOrEmpty(setting) ? fixedSeed
            : setting.Equals("random", StringComparison.OrdinalIgnoreCase) ? Random.Shared.NextInt64(1, 1_000_000_000_000)
            : long.Parse(setting, CultureInfo.InvariantCulture);
        return (new PCG(1, (ulong)number).ToString(), number.ToString(CultureInfo.InvariantCulture));
    }

    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}
