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
        $"actions={Actions} invariant-checks={InvariantChecks} failures={Failures}");
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

    /// <summary>The shortest failing sequence seen so far (CsCheck's shrinking keeps looking for shorter ones).</summary>
    public IReadOnlyList<Step>? SmallestFailing { get; private set; }

    /// <summary>The broken invariants of one sequence from a clean state (empty when all hold).</summary>
    public async Task<List<string>> FailuresAsync(IReadOnlyList<Step> steps)
    {
        try
        {
            await AssertAsync(steps);
            return [];
        }
        catch (PipelineViolation e)
        {
            return e.Failures;
        }
    }

    /// <summary>
    /// After CsCheck: removes steps from the smallest failing sequence while it still fails (halves,
    /// then single steps), so the reproduction kept as a regression test is short. Bounded by <paramref name="attempts"/> runs.
    /// </summary>
    public async Task<IReadOnlyList<Step>> MinimiseAsync(IReadOnlyList<Step> failing, int attempts = 80)
    {
        var current = failing.ToList();
        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1 && attempts > 0; chunk /= 2)
        {
            for (var start = 0; start < current.Count && attempts > 0;)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                attempts--;
                if (candidate.Count > 0 && (await FailuresAsync(candidate)).Count > 0)
                {
                    current = candidate;
                }
                else
                {
                    start += chunk;
                }
            }
        }
        return current;
    }

    /// <summary>Samples with CsCheck; on a failure, minimises the smallest failing sequence and throws with it printed as C#.</summary>
    public async Task SampleAsync(Gen<Step[]> sequences, string seed, long iter, Action<string> writeLine)
    {
        try
        {
            await sequences.SampleAsync(AssertAsync, writeLine, seed, iter: iter, threads: 1, print: Step.Print);
        }
        catch (CsCheckException e) when (SmallestFailing is { } smallest)
        {
            var minimal = await MinimiseAsync(smallest);
            var failures = await FailuresAsync(minimal);
            throw new InvalidOperationException(
                $"Minimal reproduction ({minimal.Count} steps; keep it in PipelineRegressionTests):\n{Step.Print(minimal)}\n" +
                $"breaks:\n  {string.Join("\n  ", failures)}\n\nCsCheck: {e.Message}", e);
        }
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
            if (SmallestFailing is null || steps.Count < SmallestFailing.Count)
            {
                SmallestFailing = steps.ToArray();
            }
            var log = new StringBuilder();
            for (var i = 0; i < outcomes.Count; i++)
            {
                log.Append(CultureInfo.InvariantCulture, $"  {i + 1}. {outcomes[i].Status} {outcomes[i].Request}\n");
            }
            throw new PipelineViolation(failures,
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

public sealed class PipelineViolation(List<string> failures, string message) : Exception(message)
{
    public List<string> Failures { get; } = failures;
}
