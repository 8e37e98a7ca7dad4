using Microsoft.EntityFrameworkCore;
using MppSurvey.Core.Database;

namespace MppSurvey.Core.Surveys;

/// <summary>
/// Reads every survey-templates/*.json, validates it, and records each (code, version) in the
/// database once. A published version is immutable: a file whose content differs from the stored
/// version stops start-up, because responses already point at that version.
/// </summary>
public static class TemplateCatalog
{
    public sealed record Loaded(string FileName, string Json, TemplateFile File);

    public static IReadOnlyList<Loaded> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TemplateFileException(directory, "directory does not exist (set Templates:Directory)");
        }
        var loaded = new List<Loaded>();
        foreach (var path in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var json = File.ReadAllText(path);
            loaded.Add(new Loaded(Path.GetFileName(path), json, TemplateFile.Parse(path, json)));
        }
        if (loaded.Count == 0)
        {
            throw new TemplateFileException(directory, "holds no template file (*.json)");
        }
        return loaded;
    }

    public static async Task SyncAsync(MppSurveyDbContext db, IReadOnlyList<Loaded> files, CancellationToken ct = default)
    {
        var templates = await db.SurveyTemplates.Include(t => t.Versions).ToDictionaryAsync(t => t.Code, ct);
        foreach (var (fileName, json, file) in files)
        {
            if (!templates.TryGetValue(file.Code, out var template))
            {
                template = new SurveyTemplate { Code = file.Code, NameId = file.Name.Id, NameEn = file.Name.En };
                db.SurveyTemplates.Add(template);
                templates[file.Code] = template;
            }
            var hash = TemplateFile.Hash(json);
            var existing = template.Versions.FirstOrDefault(v => v.Version == file.Version);
            if (existing is not null)
            {
                if (existing.ContentHash != hash)
                {
                    throw new TemplateFileException(fileName,
                        $"differs from published version {file.Version} in the database; a published version cannot be edited: save the change as {file.Code}.v{file.Version + 1}.json");
                }
                continue;
            }
            template.Versions.Add(SurveyTemplateVersion.FromFile(file, json, fileName));
            if (file.Version == template.Versions.Max(v => v.Version))
            {
                template.NameId = file.Name.Id;
                template.NameEn = file.Name.En;
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
