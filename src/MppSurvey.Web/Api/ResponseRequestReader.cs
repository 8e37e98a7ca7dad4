using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MppSurvey.Core.Responses;

namespace MppSurvey.Web.Api;

/// <summary>
/// Turns the request body into a <see cref="ResponseSubmission"/>, or into field errors named by
/// their JSON path (`profile.age`, `answers.U3`). The body is read here rather than by minimal-API
/// binding, whose failure is a bare 400 (or a 500 outside Development) without the field's name.
/// Shape errors (syntax, types, unknown fields and values) are reported on their own, before any
/// content check: a submission whose date could not be read would otherwise add a misleading
/// "no survey in that period" to the answer.
/// </summary>
public static partial class ResponseRequestReader
{
    public sealed record Outcome(ResponseSubmission? Submission, IReadOnlyList<FieldError> Errors)
    {
        /// <summary>The body named a service model (an explicit "langsung" too): a kiosk's own model fills in an absent one only.</summary>
        public bool ServiceModelGiven { get; init; }
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Case-sensitive like the documented contract: "RegencyCode" is an unknown field, not an alias.
        PropertyNameCaseInsensitive = false,
        // Two "answers" objects in one body would leave it to the parser which one counts.
        AllowDuplicateProperties = false,
        // "gender": 1 is not "L" or "P": only the documented strings are accepted.
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    /// <summary>Allowed values per enumerated field, for the error message of a value outside them.</summary>
    private static readonly Dictionary<string, string> AllowedValues = new(StringComparer.Ordinal)
    {
        ["channel"] = "kiosk, qr, officer, invitation",
        ["serviceModel"] = ServiceModelSlugs.Allowed,
        ["profile.gender"] = "L, P",
        ["profile.education"] = "SD, SMP, SMA, D1-D3, S1/D4, S2, S3",
        ["profile.occupation"] = "PNS, TNI, POLRI, Swasta, Wirausaha, Pelajar/Mahasiswa, Lainnya",
    };

    /// <summary>A date, a time to the minute at least, and an offset (Z or ±hh:mm): the offset decides the MPP-local date and so the period.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"\['((?:[^']|'')*)'\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketSegment();

    public static Outcome Read(ReadOnlyMemory<byte> body)
    {
        // Syntax first, so that a truncated body is "not JSON" rather than a type error at some path.
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
            // Text that is not Unicode (a lone surrogate escape, bytes that are not UTF-8) is named here, before anything reads it.
            if (BrokenText.Find(document.RootElement) is { } broken)
            {
                return Fail(new FieldError(broken, "Api_BrokenText"));
            }
        }
        catch (JsonException)
        {
            return Fail(new FieldError("body", "Api_MalformedJson"));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check unescapes every property name while parsing: a name holding a lone
            // surrogate ("\ud800") throws there, before BrokenText can name the field.
            return Fail(new FieldError("body", "Api_BrokenText"));
        }

        ResponseRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ResponseRequest>(body.Span, Json);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            if (field == "body")
            {
                return Fail(new FieldError("body", "Api_MalformedJson"));
            }
            return Fail(AllowedValues.TryGetValue(field, out var allowed)
                ? new FieldError(field, "Api_UnknownValue", allowed)
                : new FieldError(field, "Api_WrongType"));
        }
        if (request is null)
        {
            return Fail(new FieldError("body", "Api_MalformedJson"));
        }
        return Map(request);
    }

    private static Outcome Map(ResponseRequest r)
    {
        var errors = new List<FieldError>();
        foreach (var name in r.Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            errors.Add(new FieldError(name, "Api_UnknownProperty"));
        }
        foreach (var name in r.Profile?.Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            errors.Add(new FieldError($"profile.{name}", "Api_UnknownProperty"));
        }
        if (string.IsNullOrWhiteSpace(r.RegencyCode))
        {
            errors.Add(new FieldError("regencyCode", "Api_Required"));
        }
        else if (r.RegencyCode.Any(char.IsControl))
        {
            // PostgreSQL cannot compare text holding NUL (a 500); no code holds any control character.
            errors.Add(new FieldError("regencyCode", "Api_WrongType"));
        }
        if (r.Template is not null && r.Template.Any(char.IsControl))
        {
            errors.Add(new FieldError("template", "Api_WrongType"));
        }
        if (r.Channel is null)
        {
            errors.Add(new FieldError("channel", "Api_Required"));
        }
        // A digital invitation's link and its channel come together (digital invitations).
        if (r.Channel == ApiChannel.Invitation && string.IsNullOrWhiteSpace(r.Invitation))
        {
            errors.Add(new FieldError("invitation", "Api_Required"));
        }
        else if (r.Invitation is not null && r.Channel is not null && r.Channel != ApiChannel.Invitation)
        {
            errors.Add(new FieldError("invitation", "Api_InvitationNotForChannel"));
        }
        var submittedAt = Timestamp(r.SubmittedAt, "submittedAt", required: true, errors);
        var startedAt = Timestamp(r.StartedAt, "startedAt", required: false, errors);
        // Out of short's range would overflow the cast; the recorder's own range check covers the rest.
        if (r.Profile?.Age is int age and (< short.MinValue or > short.MaxValue))
        {
            errors.Add(new FieldError("profile.age", "Error_AgeOutOfRange", 10, 120));
        }
        if (errors.Count > 0)
        {
            return new Outcome(null, errors);
        }

        var submission = new ResponseSubmission
        {
            Id = r.Id ?? Guid.Empty,
            RegencyCode = r.RegencyCode!.Trim(),
            AgencyId = r.AgencyId,
            ServiceId = r.ServiceId,
            TemplateCode = string.IsNullOrWhiteSpace(r.Template) ? "skm" : r.Template.Trim(),
            Channel = r.Channel switch
            {
                ApiChannel.Kiosk => ResponseChannel.Kiosk,
                ApiChannel.Qr => ResponseChannel.QrPhone,
                ApiChannel.Invitation => ResponseChannel.Invitation,
                _ => ResponseChannel.OfficerAssisted,
            },
            Invitation = r.Invitation,
            ServiceModel = r.ServiceModel switch
            {
                ApiServiceModel.JemputBola => ServiceModel.Mobile,
                ApiServiceModel.Mandiri => ServiceModel.SelfService,
                ApiServiceModel.Digital => ServiceModel.Digital,
                _ => ServiceModel.Direct,
            },
            SubmittedAt = submittedAt!.Value,
            StartedAt = startedAt,
            Gender = r.Profile?.Gender switch
            {
                ApiGender.L => Gender.Male,
                ApiGender.P => Gender.Female,
                _ => null,
            },
            Age = r.Profile?.Age is int a ? (short)a : null,
            Education = r.Profile?.Education switch
            {
                ApiEducation.SD => Education.SD,
                ApiEducation.SMP => Education.SMP,
                ApiEducation.SMA => Education.SMA,
                ApiEducation.D1D3 => Education.D1D3,
                ApiEducation.S1D4 => Education.S1D4,
                ApiEducation.S2 => Education.S2,
                ApiEducation.S3 => Education.S3,
                _ => null,
            },
            Occupation = r.Profile?.Occupation switch
            {
                ApiOccupation.PNS => Occupation.PNS,
                ApiOccupation.TNI => Occupation.TNI,
                ApiOccupation.POLRI => Occupation.POLRI,
                ApiOccupation.Swasta => Occupation.Swasta,
                ApiOccupation.Wirausaha => Occupation.Wirausaha,
                ApiOccupation.PelajarMahasiswa => Occupation.PelajarMahasiswa,
                ApiOccupation.Lainnya => Occupation.Lainnya,
                _ => null,
            },
            Answers = r.Answers ?? new Dictionary<string, int?>(),
            Suggestion = r.Suggestion,
            Other = r.Other ?? new Dictionary<string, JsonElement>(),
        };
        return new Outcome(submission, []) { ServiceModelGiven = r.ServiceModel is not null };
    }

    private static DateTimeOffset? Timestamp(string? text, string field, bool required, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(new FieldError(field, "Api_Required"));
            }
            return null;
        }
        if (TimestampPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }
        errors.Add(new FieldError(field, "Api_TimestampFormat"));
        return null;
    }

    /// <summary>`$.profile.age` -> `profile.age`; `$.answers['U 3']` -> `answers.U 3`; the root -> `body`.</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        var field = BracketSegment().Replace(path, m => "." + m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
        field = field.StartsWith('$') ? field[1..] : field;
        return field.TrimStart('.');
    }

    private static Outcome Fail(FieldError error) => new(null, [error]);
}
