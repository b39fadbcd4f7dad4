using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DnsClient;
using Elenta.Core.Emit;

namespace Elenta.Cli.Commands;

/// <summary>
/// <c>elenta build</c>: every cross-machine artifact into an output tree with a manifest. Writes
/// nothing when the site has errors; rewrites only the files whose bytes changed.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteArgument();
        var output = new Option<string>("--out", "-o") { Description = "Output directory (created if needed)", Required = true, HelpName = "DIR" };
        var only = new Option<string?>("--only") { Description = "Build only these families, comma-separated: " + string.Join(", ", BuildPipeline.Emitters.Select(e => e.Family)), HelpName = "FAMILIES" };
        var serial = new Option<uint?>("--serial") { Description = "Use this SOA serial for every zone (hermetic builds)", HelpName = "N" };
        var soaServer = new Option<string?>("--soa-server") { Description = "When there is no previous build, ask this name server (ADDRESS[:PORT]) for each zone's current serial", HelpName = "ADDR[:PORT]" };
        var families = string.Join("\n", BuildPipeline.Emitters.Select(e => $"  {e.Family,-12}{e.Description}"));
        var command = new Command("build",
            $"""
            Compile the site into every cross-machine artifact: DNS zones, DHCP reservations, netboot
            menus, reverse-proxy servers, known_hosts, monitoring targets, disk scripts, VM
            definitions and each machine's view. Same input gives byte-identical output; a file whose
            bytes did not change is not rewritten. Nothing is written when the site has errors.

            Families:
            {families}

            Examples:
              elenta build examples/emerald-city --out out
              elenta build --out out --only dns,dhcp --serial 2026010101
            """);
        command.Arguments.Add(site);
        command.Options.Add(output);
        command.Options.Add(only);
        command.Options.Add(serial);
        command.Options.Add(soaServer);
        command.SetAction(parse =>
        {
            var siteDir = parse.GetValue(site)!;
            var compilation = context.Compile(siteDir);
            if (compilation.HasErrors || compilation.Resolved is null)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var onlySet = parse.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var known = BuildPipeline.Emitters.Select(e => e.Family).ToHashSet(StringComparer.Ordinal);
            foreach (var f in onlySet ?? [])
            {
                if (!known.Contains(f))
                {
                    context.Err.WriteLine($"elenta: unknown artifact family '{f}'; families: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
                    return 1;
                }
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!, context.WorkingDirectory);
            var previous = ReadPrevious(outDir);
            var soa = parse.GetValue(soaServer);
            var emitContext = new EmitContext(
                compilation.Resolved,
                DateOnly.FromDateTime(DateTime.UtcNow),
                path => previous.Contains(path) ? ReadIfExists(Path.Combine(outDir, path)) : null,
                zone => soa is null ? null : QuerySerial(soa, zone),
                parse.GetValue(serial),
                Path.GetFullPath(siteDir, context.WorkingDirectory))
            {
                ReadSiteFile = relative =>
                {
                    var full = Path.GetFullPath(Path.Combine(siteDir, relative), context.WorkingDirectory);
                    return File.Exists(full) ? File.ReadAllText(full) : null;
                },
            };

            var result = BuildPipeline.Build(emitContext, onlySet, GitRevision(Path.GetFullPath(siteDir, context.WorkingDirectory)));
            foreach (var d in result.Diagnostics.Where(d => !d.IsError))
            {
                context.Err.WriteLine($"{d.Location?.ToString() ?? "elenta"}: warning {d.Code}: {d.Message}");
            }

            if (result.HasErrors)
            {
                Rendering.TextDiagnostics.Write(context.Err, result.Diagnostics, context.Color);
                return 1;
            }

            var (written, unchanged, removed) = Write(outDir, result.Artifacts, previous);
            context.Out.WriteLine($"built {result.Artifacts.Count - 1} artifacts into {Path.GetRelativePath(context.WorkingDirectory, outDir)}: {written} written, {unchanged} unchanged, {removed} removed");
            return 0;
        });
        return command;
    }

    private static HashSet<string> ReadPrevious(string outDir)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var manifest = Path.Combine(outDir, BuildPipeline.ManifestPath);
        if (!File.Exists(manifest))
        {
            return set;
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(manifest))?["artifacts"] is JsonArray artifacts)
            {
                foreach (var a in artifacts)
                {
                    if (a?["path"]?.GetValue<string>() is { } p && !p.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(p))
                    {
                        set.Add(p);
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // A damaged manifest is treated as no previous build.
        }

        return set;
    }

    private static byte[]? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;

    /// <summary>Writes changed files through a temporary name and a rename, so a reader never sees half a file.</summary>
    private static (int Written, int Unchanged, int Removed) Write(string outDir, IReadOnlyList<Artifact> artifacts, HashSet<string> previous)
    {
        Directory.CreateDirectory(outDir);
        int written = 0, unchanged = 0, removed = 0;
        foreach (var a in artifacts.Where(a => a.Path != BuildPipeline.ManifestPath).Append(artifacts.First(a => a.Path == BuildPipeline.ManifestPath)))
        {
            var target = Path.Combine(outDir, a.Path);
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(a.Content))
            {
                unchanged++;
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = target + ".elenta-tmp";
            File.WriteAllBytes(temp, a.Content);
            if (!OperatingSystem.IsWindows() && a.Path.EndsWith(".sh", StringComparison.Ordinal))
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            File.Move(temp, target, overwrite: true);
            if (a.Path != BuildPipeline.ManifestPath)
            {
                written++;
            }
        }

        var current = artifacts.Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in previous.Where(p => !current.Contains(p)))
        {
            var path = Path.Combine(outDir, stale);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed++;
            }
        }

        return (written, unchanged, removed);
    }

    private static uint? QuerySerial(string server, string zone)
    {
        if (!IPEndPoint.TryParse(server, out var endpoint))
        {
            return null;
        }

        if (endpoint.Port == 0)
        {
            endpoint.Port = 53;
        }

        try
        {
            var client = new LookupClient(new LookupClientOptions(new NameServer(endpoint)) { UseCache = false, Timeout = TimeSpan.FromSeconds(2), Retries = 1, ThrowDnsErrors = false });
            var response = client.Query(zone, QueryType.SOA);
            return response.Answers.SoaRecords().FirstOrDefault()?.Serial;
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }

    private static string? GitRevision(string siteDir)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = siteDir };
            foreach (var a in new[] { "rev-parse", "HEAD" })
            {
                start.ArgumentList.Add(a);
            }

            using var p = Process.Start(start)!;
            var rev = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            if (p.ExitCode != 0 || rev.Length == 0)
            {
                return null;
            }

            // A dirty tree is not that revision; say so rather than lie.
            var status = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = siteDir };
            foreach (var a in new[] { "status", "--porcelain", "--", "." })
            {
                status.ArgumentList.Add(a);
            }

            using var s = Process.Start(status)!;
            var dirty = s.StandardOutput.ReadToEnd().Trim().Length > 0;
            s.WaitForExit();
            return dirty ? rev + "-dirty" : rev;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
