using System.Globalization;

namespace MppSurvey.Core.Surveys;

/// <summary>
/// Authoring of template versions in the browser: a draft starts as a copy of an
/// existing version, takes edits only while it is a draft, is validated by the same rules as a file
/// (<see cref="TemplateFile.Problems"/>), and once published never changes again (the database
/// trigger survey_template_versions_immutable refuses it too, whatever code path tries).
/// Everything here works on loaded entities; the caller saves.
/// </summary>
public static class TemplateDrafts
{
    /// <summary>Element codes a draft stops asking (their index trend ends) and starts asking, against the latest published version.</summary>
    public sealed record CodeChanges(IReadOnlyList<string> Dropped, IReadOnlyList<string> Added)
    {
        public static readonly CodeChanges None = new([], []);
    }

    public enum PublishOutcome
    {
        Published,
        /// <summary>The draft drops element codes and the author did not confirm that their trend stops.</summary>
        NeedsConfirmation,
    }

    /// <summary>The next version of <paramref name="template"/> (its versions loaded), as a draft copy of <paramref name="source"/>.</summary>
    public static SurveyTemplateVersion NewVersion(SurveyTemplate template, SurveyTemplateVersion source, string createdBy, DateTimeOffset now)
    {
        var file = TemplateFile.Of(source, template.Code).Copy();
        file.Version = template.Versions.Count == 0 ? 1 : template.Versions.Max(v => v.Version) + 1;
        var draft = Draft(file, createdBy, now);
        template.Versions.Add(draft);
        return draft;
    }

    /// <summary>
    /// A new template (version 1, a draft) copied from any version of another one: how an MPP
    /// writes its own questionnaire (<paramref name="ownerMallId"/>) without touching the national one.
    /// </summary>
    public static SurveyTemplate NewTemplate(SurveyTemplateVersion source, string sourceCode, string code, string nameId, string nameEn,
        int? ownerMallId, string createdBy, DateTimeOffset now)
    {
        var file = TemplateFile.Of(source, sourceCode).Copy();
        file.Code = code;
        file.Version = 1;
        file.Name = new TemplateFile.Text { Id = nameId, En = nameEn };
        var template = new SurveyTemplate { Code = code, NameId = nameId, NameEn = nameEn, OwnerMallId = ownerMallId };
        template.Versions.Add(Draft(file, createdBy, now));
        return template;
    }

    private static SurveyTemplateVersion Draft(TemplateFile file, string createdBy, DateTimeOffset now)
    {
        var json = file.ToJson();
        return new SurveyTemplateVersion
        {
            Version = file.Version,
            ScaleMin = file.Scale.Min,
            ScaleMax = file.Scale.Max,
            ElementCodes = file.Elements.Select(q => q.Code).ToArray(),
            Definition = json,
            ContentHash = TemplateFile.Hash(json),
            CreatedBy = createdBy,
            CreatedAt = now,
            PublishedAt = null,
        };
    }

    /// <summary>
    /// Replaces the draft's content with <paramref name="edited"/> when it validates; otherwise
    /// returns the problems and leaves the draft as it was. Code and version are the draft's own:
    /// the editor cannot move a draft to another template or version.
    /// </summary>
    /// <exception cref="TemplateVersionPublishedException">The version is published.</exception>
    public static IReadOnlyList<TemplateProblem> Save(SurveyTemplate template, SurveyTemplateVersion draft, TemplateFile edited)
    {
        RefusePublished(template, draft);
        edited.Code = template.Code;
        edited.Version = draft.Version;
        var problems = edited.Problems(TemplateFile.FileNameOf(template.Code, draft.Version));
        if (problems.Count > 0)
        {
            return problems;
        }
        var json = edited.ToJson();
        draft.Definition = json;
        draft.ContentHash = TemplateFile.Hash(json);
        draft.ElementCodes = edited.Elements.Select(q => q.Code).ToArray();
        draft.ScaleMin = edited.Scale.Min;
        draft.ScaleMax = edited.Scale.Max;
        return [];
    }

    /// <summary>Scored element codes only: unscored questions have no index trend to lose.</summary>
    public static CodeChanges Compare(TemplateFile? published, TemplateFile draft)
    {
        if (published is null)
        {
            return CodeChanges.None;
        }
        var before = published.Elements.Select(q => q.Code).ToList();
        var after = draft.Elements.Select(q => q.Code).ToList();
        return new CodeChanges(before.Except(after, StringComparer.Ordinal).ToList(), after.Except(before, StringComparer.Ordinal).ToList());
    }

    /// <summary>The published version a draft is compared with: the template's highest published version.</summary>
    public static SurveyTemplateVersion? LatestPublished(SurveyTemplate template) =>
        template.Versions.Where(v => v.IsPublished).OrderByDescending(v => v.Version).FirstOrDefault();

    /// <exception cref="TemplateVersionPublishedException">The version is already published.</exception>
    public static PublishOutcome Publish(SurveyTemplate template, SurveyTemplateVersion draft, CodeChanges changes, bool droppedConfirmed, DateTimeOffset now)
    {
        RefusePublished(template, draft);
        if (changes.Dropped.Count > 0 && !droppedConfirmed)
        {
            return PublishOutcome.NeedsConfirmation;
        }
        draft.PublishedAt = now;
        if (template.Versions.Where(v => v.IsPublished).All(v => v.Version <= draft.Version))
        {
            var file = TemplateFile.Of(draft, template.Code);
            template.NameId = file.Name.Id;
            template.NameEn = file.Name.En;
        }
        return PublishOutcome.Published;
    }

    private static void RefusePublished(SurveyTemplate template, SurveyTemplateVersion version)
    {
        if (version.IsPublished)
        {
            throw new TemplateVersionPublishedException(template.Code, version.Version);
        }
    }

    // Edits of the question list. Each keeps the template valid where it can (placeholder texts in
    // both languages, one answer per scale value), so every intermediate state can be saved and previewed.

    /// <summary>Appends a question of <paramref name="type"/> at the end of the display order, with a free code such as Q3.</summary>
    public static TemplateFile.Question AddQuestion(TemplateFile file, string type)
    {
        if (!TemplateFile.QuestionTypes.Contains(type))
        {
            throw new ArgumentException($"'{type}' is not a question type.", nameof(type));
        }
        var n = 1;
        while (file.Questions.Any(q => string.Equals(q.Code, string.Create(CultureInfo.InvariantCulture, $"Q{n}"), StringComparison.OrdinalIgnoreCase)))
        {
            n++;
        }
        var question = new TemplateFile.Question
        {
            Code = string.Create(CultureInfo.InvariantCulture, $"Q{n}"),
            Type = type,
            Order = file.Questions.Count == 0 ? 1 : file.Questions.Max(q => q.Order) + 1,
            Title = new TemplateFile.Text { Id = "Pertanyaan baru", En = "New question" },
            Prompt = new TemplateFile.Text { Id = "Tuliskan pertanyaannya.", En = "Write the question." },
        };
        if (type == "scale")
        {
            for (var v = file.Scale.Min; v <= file.Scale.Max; v++)
            {
                var label = v.ToString(CultureInfo.InvariantCulture);
                question.Answers.Add(new TemplateFile.Answer { Value = v, Id = label, En = label });
            }
        }
        else if (type is "single" or "multiple")
        {
            question.Answers.Add(new TemplateFile.Answer { Value = 1, Id = "Ya", En = "Yes" });
            question.Answers.Add(new TemplateFile.Answer { Value = 2, Id = "Tidak", En = "No" });
        }
        file.Questions.Add(question);
        return question;
    }

    public static void RemoveQuestion(TemplateFile file, int index) => file.Questions.RemoveAt(index);

    /// <summary>Swaps the display order with the neighbour above (-1) or below (+1); the stored order of answers is untouched.</summary>
    public static void MoveQuestion(TemplateFile file, int index, int direction)
    {
        var shown = file.Questions.OrderBy(q => q.Order).ToList();
        var at = shown.IndexOf(file.Questions[index]);
        var other = at + Math.Sign(direction);
        if (other < 0 || other >= shown.Count)
        {
            return;
        }
        (shown[at].Order, shown[other].Order) = (shown[other].Order, shown[at].Order);
    }

    /// <summary>A further choice, valued one above the highest (scale answers follow the scale and are not added).</summary>
    public static void AddAnswer(TemplateFile.Question question)
    {
        var value = question.Answers.Count == 0 ? 1 : question.Answers.Max(a => a.Value) + 1;
        var label = value.ToString(CultureInfo.InvariantCulture);
        question.Answers.Add(new TemplateFile.Answer { Value = value, Id = label, En = label });
    }
}

public sealed class TemplateVersionPublishedException(string code, int version)
    : InvalidOperationException($"Version {version} of template '{code}' is published and cannot be changed; make a new version from it.")
{
    public string Code { get; } = code;
    public int Version { get; } = version;
}
