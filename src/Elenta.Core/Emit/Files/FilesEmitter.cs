using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Files;

/// <summary>
/// The files driver's output: each <c>config.files</c> entry of each role placed on a machine,
/// rendered from its Liquid template with that machine's view, as
/// <c>files/&lt;machine&gt;/&lt;path&gt;</c>. The template sees the machine's view.json at the top
/// level (name, kind, host, addresses, roles, constellations...), plus <c>role</c> (the entry of
/// <c>roles</c> that brought this file) and <c>file</c> (its path and mode).
/// </summary>
public sealed partial class FilesEmitter : IArtifactEmitter
{
    public string Family => "files";

    public string Description => "files-driver files rendered from Liquid templates with each machine's view";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var resolved = context.Resolved;
        var artifacts = new List<Artifact>();
        foreach (var view in resolved.Machines.DistinctBy(v => v.Name))
        {
            JsonObject? json = null;
            var written = new Dictionary<string, RoleFile>(StringComparer.Ordinal);
            foreach (var (role, index) in view.Roles.Select((r, i) => (r, i)))
            {
                foreach (var file in resolved.Site.Roles[role.Role]?.Config.Files ?? [])
                {
                    // The check guarantees one file per path and machine (EL6011) and clean
                    // absolute paths (binding, EL2004); should EL6011 be off, the first role wins.
                    if (!written.TryAdd(file.Path, file))
                    {
                        continue;
                    }

                    json ??= ViewJson.Machine(resolved, view, withDirectories: true);
                    if (Render(context, view, json, index, file, diagnostics) is { } text)
                    {
                        var activate = resolved.Site.Roles[role.Role]?.Config.Activate ?? [];
                        artifacts.Add(Artifact.Text($"files/{view.Name}/{file.Path.TrimStart('/')}", Family, new Delivery([view.Name], file.Path, file.Mode ?? "0644", activate), text));
                    }
                }
            }
        }

        return artifacts;
    }

    private static string? Render(EmitContext context, MachineView view, JsonObject json, int roleIndex, RoleFile file, DiagnosticBag diagnostics)
    {
        var at = At(file, "template");
        if (file.Template.StartsWith('/') || file.Template.Split('/', '\\').Any(p => p == ".."))
        {
            // Read from outside the site, a template would copy any file the build can read into the output.
            diagnostics.Add(FileMessages.TemplateMissing.Create(at,
                $"template '{file.Template}' for {file.Path} is outside the site",
                "template paths are relative to the site directory and stay inside it (no leading '/', no '..')"));
            return null;
        }

        if (context.ReadSiteFile(file.Template) is not { } template)
        {
            diagnostics.Add(FileMessages.TemplateMissing.Create(at,
                $"template '{file.Template}' for {file.Path} not found",
                "template paths are relative to the site directory"));
            return null;
        }

        var model = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in json)
        {
            model[key] = value;
        }

        model["role"] = json["roles"]?[roleIndex];
        var fileInfo = new JsonObject { ["path"] = file.Path };
        if (file.Mode is not null)
        {
            fileInfo["mode"] = file.Mode;
        }

        model["file"] = fileInfo;
        var result = LiquidRenderer.Render(template, model, context.Today);
        if (result.Error is { } error)
        {
            diagnostics.Add(FileMessages.TemplateFailed.Create(at,
                $"template '{file.Template}' for {file.Path} on {view.Name}: {error}",
                "fix the Liquid template; it sees this machine's view.json, plus role and file",
                InsideTemplate(context, file.Template, template, error)));
            return null;
        }

        return result.Text;
    }

    /// <summary>Where in the template Fluid says the problem is, when its message gives "(line:column)".</summary>
    private static IEnumerable<RelatedLocation> InsideTemplate(EmitContext context, string templatePath, string text, string error)
    {
        var match = FluidPosition().Match(error);
        if (!match.Success
            || !int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var line)
            || !int.TryParse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var column))
        {
            return [];
        }

        var source = new SourceFile(context.SiteDirectory.TrimEnd('/') + "/" + templatePath, text);
        var offset = source.GetOffset(line, column);
        return [new RelatedLocation(new Location(source, new TextSpan(offset, 0)), "Fluid stopped here")];
    }

    private static Location At(RoleFile file, string key) => file.Node is MergedMapping map ? map.At(key) : file.Node.Location;

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex FluidPosition();
}
