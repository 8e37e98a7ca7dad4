using Microsoft.Extensions.Options;

namespace MppSurvey.Web.Hosting;

/// <summary>
/// The sentences of settings refused at start-up by options validation (ValidateOnStart). The host
/// throws one OptionsValidationException, or an AggregateException of several when more than one
/// options class fails; anything else is not a settings failure and gets an empty list.
/// </summary>
public static class SettingFailures
{
    public static IReadOnlyList<string> Of(Exception error)
    {
        var found = new List<string>();
        var errors = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error];
        foreach (var e in errors)
        {
            if (e is not OptionsValidationException validation)
            {
                return [];
            }
            found.AddRange(validation.Failures);
        }
        return found;
    }
}
