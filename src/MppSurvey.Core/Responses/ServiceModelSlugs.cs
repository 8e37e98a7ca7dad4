namespace MppSurvey.Core.Responses;

/// <summary>
/// The words a service model goes by outside the database: in the survey URL (`?model=jemput-bola`),
/// in the API's `serviceModel` and on the kiosk admin page. Exact and lower case: anything else names no model.
/// </summary>
public static class ServiceModelSlugs
{
    /// <summary>The word the survey URL and the API use for a service model.</summary>
    public static string Slug(ServiceModel model) => model switch
    {
        ServiceModel.Direct => "langsung",
        ServiceModel.Mobile => "jemput-bola",
        ServiceModel.SelfService => "mandiri",
        ServiceModel.Digital => "digital",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>The service model a URL or API word names; null for anything else (exact, lower case).</summary>
    public static ServiceModel? ParseSlug(string? text) => text switch
    {
        "langsung" => ServiceModel.Direct,
        "jemput-bola" => ServiceModel.Mobile,
        "mandiri" => ServiceModel.SelfService,
        "digital" => ServiceModel.Digital,
        _ => null,
    };

    public const string Allowed = "langsung, jemput-bola, mandiri, digital";
}
