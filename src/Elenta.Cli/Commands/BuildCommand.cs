using System.CommandLine;
using System.Text.Json;
using Elenta.Cli.Hosting;
using Elenta.Core.Emit;
using Elenta.Output;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta build</c>: every cross-machine artifact into an output tree with a manifest that says
/// which machines receive each file. The work is <see cref="SiteBuilder"/>'s (Elenta.Output); this
/// command parses, reports and renders.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteArgumentOrCurrent();
        var siteOption = CommonOptions.SiteOptional();
        var output = new Option<string>("--out", "-o") { Description = "Output directory (created if needed; not the site or an overlay, nor a directory that holds either, nor a directory of a site that holds site files)", Required = true, HelpName = "DIR" };
        var only = new Option<string?>("--only") { Description = "Build only these families, comma-separated: " + string.Join(", ", BuildPipeline.Emitters.Select(e => e.Family)), HelpName = "FAMILIES" };
        var serial = new Option<uint?>("--serial") { Description = "Use this SOA serial for every zone (hermetic builds)", HelpName = "N" };
        var soaServer = new Option<string?>("--soa-server") { Description = "When there is no previous build, ask this name server (ADDRESS[:PORT]) for each zone's current serial", HelpName = "ADDR[:PORT]" };
        var secrets = new Option<string?>("--secrets") { Description = "Directory of the site's DNS secrets (TSIG and DNSSEC keys), made once and never copied into the output (default: .secrets in the site directory; keep it out of version control)", HelpName = "DIR" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show which files would be written and removed; write nothing" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Compile and render everything even when nothing the last build into --out read has changed since" };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text, or json (every file written, unchanged and removed)", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var families = string.Join("\n", BuildPipeline.Emitters.Select(e => $"  {e.Family,-12}{e.Description}"));
        var command = new Command("build",
            $"""
            Compile the site into every cross-machine artifact: DNS zones, DHCP reservations, netboot
            menus, reverse-proxy servers, known_hosts, monitoring targets, disk scripts, VM
            definitions and each machine's view. manifest.json says, for every file, which machines
            receive it, where, with which mode, and what to run after it changes (docs/build.md).
            Same input gives byte-identical output; a file whose bytes did not change is not
            rewritten. Nothing is written when the site has errors. When nothing the last build
            into --out read has changed (the site's files, templates, DNS secrets, revision, date,
            options and this program) and --out still holds what it wrote, the build is skipped and
            its warnings shown again (--rebuild runs it anyway); otherwise it says what changed.

            Families:
            {families}

            Examples:
              elenta build examples/emerald-city --out out
              elenta build --out out --only dns,dhcp --serial 2026010101
              elenta build examples/emerald-city --out out --dry-run
              elenta build examples/emerald-city --out out --secrets ../narya-secrets
            """);
        command.Arguments.Add(site);
        command.Options.Add(siteOption);
        command.Options.Add(output);
        command.Options.Add(only);
        command.Options.Add(serial);
        command.Options.Add(soaServer);
        command.Options.Add(secrets);
        command.Options.Add(dryRun);
        command.Options.Add(rebuild);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var siteDir = context.SiteDirectory(CommonOptions.SiteOf(parse, site, siteOption));
            var onlyText = parse.GetValue(only);
            var onlySet = onlyText?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var known = BuildPipeline.Emitters.Select(e => e.Family).Order(StringComparer.Ordinal).ToList();
            if (onlySet is { Count: 0 })
            {
                context.Err.WriteLine($"elenta: --only needs at least one family: {string.Join(", ", known)}");
                return 1;
            }

            foreach (var f in onlySet ?? [])
            {
                if (!known.Contains(f))
                {
                    var suggestion = Elenta.Core.Semantics.Suggest.Closest(f, known);
                    context.Err.WriteLine($"elenta: unknown artifact family '{f}'" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                    context.Err.WriteLine($"  families: {string.Join(", ", known)}");
                    return 1;
                }
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!, context.WorkingDirectory);
            if (File.Exists(outDir))
            {
                context.Err.WriteLine($"elenta: --out '{parse.GetValue(output)}' is a file; give a directory (it is created if needed)");
                return 1;
            }

            // The build beside the site's own files would be read back as site data by the next
            // build (views/*.json, dashboard/conf.yml), and would overwrite files of the same name.
            // (Its overlays are known once the site is read: SiteBuilder refuses those.)
            var siteFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(siteDir, context.WorkingDirectory));
            if (OutputDirectory.Holds(outDir, siteFull))
            {
                context.Err.WriteLine($"elenta: --out '{parse.GetValue(output)}' holds the site itself ({siteDir}): the build would write among the site's files; give a directory of its own, such as out/{Path.GetFileName(siteFull)}");
                return 1;
            }

            var secretsDir = Path.GetFullPath(parse.GetValue(secrets) ?? Path.Combine(siteDir, DefaultSecrets), context.WorkingDirectory);
            if (File.Exists(secretsDir))
            {
                context.Err.WriteLine($"elenta: the secrets directory {Path.GetRelativePath(context.WorkingDirectory, secretsDir)} is a file; give a directory with --secrets (made when a key is first needed)");
                return 1;
            }

            IZoneSerials? serials = null;
            if (parse.GetValue(soaServer) is { } soa && (serials = DnsZoneSerials.Parse(soa)) is null)
            {
                context.Err.WriteLine($"elenta: --soa-server '{soa}' is not ADDRESS[:PORT], such as 127.0.0.1:5353");
                return 1;
            }

            using var timings = Timings.Start();
            var inputs = new BuildInputs(context.FileSystem, context.Nix);
            var request = new BuildRequest(Path.GetFullPath(siteDir, context.WorkingDirectory), outDir)
            {
                Inputs = inputs,
                Only = onlySet,
                Serial = parse.GetValue(serial),
                LiveSerials = serials,
                Revision = new GitRevision(),
                DryRun = parse.GetValue(dryRun),
                OneAtATime = Timings.Sequential,
                SecretsDirectory = secretsDir,
                Waiting = message => context.Err.WriteLine("elenta: " + message),
            };
            var where = Path.GetRelativePath(context.WorkingDirectory, outDir);
            string? why = null;
            var status = Rendering.StatusLine.Start(context);
            if (!parse.GetValue(rebuild) && SiteBuilder.UpToDate(request, out why) is { } upToDate)
            {
                status?.Dispose();
                timings?.Write(context);
                return ReportUpToDate(context, where, request, upToDate, parse.GetValue(format) == "json");
            }

            BuildOutcome outcome;
            using (status)
            {
                outcome = SiteBuilder.Build(request, resolved => context.Compile(siteDir, new Elenta.Core.CompilationOptions(true) { Resolved = resolved }, inputs.FileSystem, inputs.Nix));
            }

            timings?.Write(context);
            if (outcome.Result is null)
            {
                return CommonOptions.ReportBrokenSite(context, outcome.Compilation);
            }

            Rendering.TextDiagnostics.WriteHeadlines(context.Err, outcome.Compilation.Diagnostics.Where(d => !d.IsError).Concat(outcome.Result.Diagnostics.Where(d => !d.IsError)));
            if (outcome.Result.HasErrors || outcome.Changes is not { } changes)
            {
                Rendering.TextDiagnostics.Write(context.Err, outcome.Result.Diagnostics.Where(d => d.IsError).ToList(), context.Color);
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                WriteJson(context, where, request.DryRun, outcome.Result.Artifacts.Count - 1, outcome.Kept, changes, skipped: false, why);
                return 0;
            }

            Summarize(context, where, request, outcome.Result.Artifacts.Count - 1, outcome.Kept, changes, upToDate: false, why);
            foreach (var ds in outcome.Result.Artifacts.Where(a => a.Path.StartsWith(DsPrefix, StringComparison.Ordinal)))
            {
                WriteDs(context, ds.Path, ds.Content);
            }

            return 0;
        });
        return command;
    }

    private const string DsPrefix = "dns/dnssec/";

    private static void WriteDs(CliContext context, string path, byte[] content) =>
        context.Out.WriteLine($"DS for the registrar ({path}): {System.Text.Encoding.UTF8.GetString(content).Trim()}");

    /// <param name="why">Why a build that left a trace was not skipped (see <see cref="SiteBuilder.UpToDate(BuildRequest, out string?)"/>).</param>
    private static void Summarize(CliContext context, string where, BuildRequest request, int count, int kept, OutputChanges changes, bool upToDate, string? why = null)
    {
        var what = request.Only is not { } only ? string.Empty : $" ({string.Join(", ", only.Order(StringComparer.Ordinal))}; the other families' {kept} kept as they were)";
        var skipped = upToDate ? "; skipped: nothing the last build read has changed (--rebuild runs it anyway)"
            : why is not null ? $"; not skipped: {why}"
            : string.Empty;
        if (request.DryRun)
        {
            context.Out.WriteLine($"would build {count} artifacts{what} into {where}: {changes.Written.Count} to write, {changes.Unchanged.Count} unchanged, {changes.Removed.Count} to remove (nothing written: --dry-run){skipped}");
        }
        else
        {
            context.Out.WriteLine($"built {count} artifacts{what} into {where}: {changes.Written.Count} written, {changes.Unchanged.Count} unchanged, {changes.Removed.Count} removed{skipped}");
        }

        List(context, request.DryRun ? "write" : "written", changes.Written);
        List(context, request.DryRun ? "remove" : "removed", changes.Removed);
    }

    /// <summary>A build skipped because nothing it reads changed: reported as the build it stands for would be.</summary>
    private static int ReportUpToDate(CliContext context, string where, BuildRequest request, UpToDateBuild build, bool json)
    {
        Rendering.TextDiagnostics.WriteHeadlines(context.Err, build.Warnings);
        var changes = new OutputChanges([], build.Files, []);
        if (json)
        {
            WriteJson(context, where, request.DryRun, build.Files.Count, build.Kept, changes, skipped: true);
            return 0;
        }

        Summarize(context, where, request, build.Files.Count, build.Kept, changes, upToDate: true);
        foreach (var path in build.Files.Where(p => p.StartsWith(DsPrefix, StringComparison.Ordinal)))
        {
            WriteDs(context, path, File.ReadAllBytes(Path.Combine(request.OutputDirectory, path)));
        }

        return 0;
    }

    /// <summary>The secrets directory when --secrets is not given, inside the site directory (which loads only .yaml, .json and .nix files).</summary>
    public const string DefaultSecrets = ".secrets";

    /// <summary>How many files a text report names before it says how many more there are.</summary>
    private const int Listed = 40;

    private static void List(CliContext context, string verb, IReadOnlyList<string> paths)
    {
        foreach (var path in paths.Take(Listed))
        {
            context.Out.WriteLine($"  {verb,-8} {path}");
        }

        if (paths.Count > Listed)
        {
            context.Out.WriteLine($"  ... and {paths.Count - Listed} more {verb} (--format json lists every file)");
        }
    }

    private static void WriteJson(CliContext context, string where, bool dryRun, int artifacts, int kept, OutputChanges changes, bool skipped, string? why = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("out", where);
            json.WriteBoolean("dryRun", dryRun);
            json.WriteNumber("artifacts", artifacts);
            json.WriteNumber("kept", kept);
            json.WriteBoolean("skipped", skipped);
            if (why is not null)
            {
                json.WriteString("because", why);
            }

            foreach (var (name, paths) in new[] { ("written", changes.Written), ("unchanged", changes.Unchanged), ("removed", changes.Removed) })
            {
                json.WriteStartArray(name);
                foreach (var path in paths)
                {
                    json.WriteStringValue(path);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
