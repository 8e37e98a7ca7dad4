using System.IO.Compression;
using System.Xml.Linq;

namespace MppSurvey.UnitTests.Reporting;

/// <summary>Reads the raw XML of an .xlsx (a zip), to check what is really stored rather than what a reader makes of it.</summary>
internal sealed class XlsxPackage : IDisposable
{
    public static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    private readonly ZipArchive zip;

    public XlsxPackage(byte[] file) => zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);

    public IEnumerable<string> EntryNames => zip.Entries.Select(e => e.FullName);

    public XDocument Xml(string entry)
    {
        using var stream = (zip.GetEntry(entry) ?? throw new InvalidOperationException($"No entry {entry}.")).Open();
        return XDocument.Load(stream);
    }

    /// <summary>The zip path of a sheet's XML, found through workbook.xml and its relationships.</summary>
    public string SheetPath(string sheetName)
    {
        var sheet = Xml("xl/workbook.xml").Descendants(Main + "sheet").Single(s => (string?)s.Attribute("name") == sheetName);
        var id = (string)sheet.Attribute(Relationships + "id")!;
        return Target("xl/workbook.xml", id);
    }

    /// <summary>The targets of a part's relationships of one type (by the type's last segment, e.g. "drawing").</summary>
    public IReadOnlyList<string> RelatedParts(string part, string typeSuffix) =>
        Rels(part).Where(r => ((string)r.Attribute("Type")!).EndsWith("/" + typeSuffix, StringComparison.Ordinal))
            .Select(r => Resolve(part, (string)r.Attribute("Target")!))
            .ToList();

    /// <summary>The &lt;c&gt; element of a cell.</summary>
    public XElement Cell(string sheetName, string reference) =>
        Xml(SheetPath(sheetName)).Descendants(Main + "c").Single(c => (string?)c.Attribute("r") == reference);

    /// <summary>The text of a shared string by its index.</summary>
    public string SharedString(int index) =>
        string.Concat(Xml("xl/sharedStrings.xml").Root!.Elements(Main + "si").ElementAt(index).Descendants(Main + "t").Select(t => t.Value));

    /// <summary>The raw text of every XML part, for checks that something is stored nowhere in the file.</summary>
    public string AllText() =>
        string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal))
            .Select(e => Xml(e.FullName).ToString()));

    public void Dispose() => zip.Dispose();

    private string Target(string part, string id) =>
        Resolve(part, (string)Rels(part).Single(r => (string?)r.Attribute("Id") == id).Attribute("Target")!);

    private IEnumerable<XElement> Rels(string part)
    {
        var folder = part[..(part.LastIndexOf('/') + 1)];
        var name = part[(part.LastIndexOf('/') + 1)..];
        var relsPath = folder + "_rels/" + name + ".rels";
        return zip.GetEntry(relsPath) is null ? [] : Xml(relsPath).Descendants(PackageRelationships + "Relationship");
    }

    private static string Resolve(string part, string target)
    {
        if (target.StartsWith('/'))
        {
            return target[1..];
        }

        var segments = part.Split('/').SkipLast(1).ToList();
        foreach (var segment in target.Split('/'))
        {
            if (segment == "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }
}
