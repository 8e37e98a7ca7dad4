using CsCheck;
using Xunit.Abstractions;

namespace MppSurvey.IntegrationTests.Properties;

/// <summary>
/// The whole pipeline under generated use, in ./test with a fixed seed: sequences of client
/// requests interleaved with administrator actions, each from a clean state, then every invariant
/// of <see cref="PipelineInvariants"/>. A failure is shrunk by CsCheck to the shortest sequence
/// that still fails and printed as C#, ready to be kept in <see cref="PipelineRegressionTests"/>.
/// The long run (tests/property-long-run) is the same property with a random seed and 10,000 requests.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelinePropertyTests(PipelineFixture app, ITestOutputHelper output)
{
    public const long FixedSeed = 20261203;

    [Fact]
    public async Task Any_sequence_of_requests_and_admin_actions_keeps_every_figure_consistent()
    {
        var harness = await PipelineHarness.CreateAsync(app);
        var (seed, printed) = PipelineHarness.Seed(FixedSeed);
        try
        {
            await harness.SampleAsync(PipelineGenerators.Sequences(maxSteps: 40, postsPerAction: 8), seed,
                PipelineHarness.Setting("MPPSURVEY_PROPERTY_ITER", 14), output.WriteLine);
        }
        finally
        {
            output.WriteLine(harness.Stats.Summary(printed));
        }
    }

    [LongRunFact]
    public async Task Long_run_of_generated_requests_and_admin_actions()
    {
        var requests = PipelineHarness.Setting("MPPSURVEY_PROPERTY_REQUESTS", 10_000);
        var actions = PipelineHarness.Setting("MPPSURVEY_PROPERTY_ACTIONS", 200);
        const int stepsPerSequence = 50;
        var postsPerAction = Math.Max(1, requests / actions);
        var sequences = Math.Max(1, (requests + actions + stepsPerSequence - 1) / stepsPerSequence);
        var harness = await PipelineHarness.CreateAsync(app);
        var (seed, printed) = PipelineHarness.Seed(Random.Shared.NextInt64(1, 1_000_000_000_000));
        try
        {
            await harness.SampleAsync(
                Gen.Frequency((postsPerAction, (IGen<Step>)PipelineGenerators.Posts.Select(p => (Step)p)), (1, PipelineGenerators.AdminSteps))
                    .Array[stepsPerSequence - 10, stepsPerSequence + 10],
                seed, sequences, output.WriteLine);
        }
        finally
        {
            var summary = harness.Stats.Summary(printed);
            output.WriteLine(summary);
            if (Environment.GetEnvironmentVariable("MPPSURVEY_PROPERTY_SUMMARY_FILE") is { Length: > 0 } file)
            {
                await File.WriteAllTextAsync(file, summary + "\n");
            }
        }
    }
}

/// <summary>Runs only when MPPSURVEY_PROPERTY_LONG_RUN=1 (tests/property-long-run sets it); skipped in ./test.</summary>
public sealed class LongRunFactAttribute : FactAttribute
{
    public LongRunFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("MPPSURVEY_PROPERTY_LONG_RUN") != "1")
        {
            Skip = "The long run: tests/property-long-run";
        }
        Timeout = 0;
    }
}
