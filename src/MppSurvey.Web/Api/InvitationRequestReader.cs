using System.Text.Json;
using MppSurvey.Core.Invitations;
using MppSurvey.Core.Responses;

namespace MppSurvey.Web.Api;

/// <summary>
/// The body of POST /api/v1/undangan: {"serviceId": 12, "transactionId": "INV-2026-000123"}. Read by
/// hand, like the response API's body, so every shape error names its field in problem+json rather
/// than becoming binding's bare 400.
/// </summary>
public static class InvitationRequestReader
{
    public sealed record Request(int ServiceId, string? TransactionId);

    public static (Request? Request, IReadOnlyList<FieldError> Errors) Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return (null, [new FieldError("body", "Api_MalformedJson")]);
        }
        catch (InvalidOperationException)
        {
            return (null, [new FieldError("body", "Api_BrokenText")]);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new FieldError("body", "Api_MalformedJson")]);
            }
            if (BrokenText.Find(root) is { } broken)
            {
                return (null, [new FieldError(broken, "Api_BrokenText")]);
            }
            var errors = new List<FieldError>();
            int? serviceId = null;
            string? transactionId = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "serviceId":
                        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var id))
                        {
                            serviceId = id;
                        }
                        else if (property.Value.ValueKind != JsonValueKind.Null)
                        {
                            errors.Add(new FieldError("serviceId", "Api_WrongType"));
                        }
                        break;
                    case "transactionId":
                        if (property.Value.ValueKind == JsonValueKind.String)
                        {
                            transactionId = property.Value.GetString();
                            if (!IsReference(transactionId))
                            {
                                errors.Add(new FieldError("transactionId", "Api_TransactionIdFormat", SurveyInvitationTokens.MaxTransactionIdLength));
                            }
                        }
                        else if (property.Value.ValueKind != JsonValueKind.Null)
                        {
                            errors.Add(new FieldError("transactionId", "Api_WrongType"));
                        }
                        break;
                    default:
                        // Nothing about the citizen is taken: a name or an ID number sent here is refused, not ignored.
                        errors.Add(new FieldError(property.Name, "Api_UnknownProperty"));
                        break;
                }
            }
            if (serviceId is null && !errors.Any(e => e.Field == "serviceId"))
            {
                errors.Add(new FieldError("serviceId", "Api_Required"));
            }
            return errors.Count > 0 ? (null, errors) : (new Request(serviceId!.Value, transactionId), []);
        }
    }

    /// <summary>
    /// A transaction reference is 1 to 100 visible ASCII characters (an order or booking number):
    /// two spellings of the same text in Unicode (composed or not) would otherwise be two transactions.
    /// </summary>
    private static bool IsReference(string? value) =>
        value is { Length: > 0 and <= SurveyInvitationTokens.MaxTransactionIdLength } && value.All(c => c is >= '!' and <= '~');
}
