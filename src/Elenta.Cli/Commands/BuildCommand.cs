using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DnsClient;
using Microsoft.Win32.SafeHandles;
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
        var siteOption = CommonOptions.SiteOptional();
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
        command.Options.Add(siteOption);
        command.Options.Add(output);
        command.Options.Add(only);
        command.Options.Add(serial);
        command.Options.Add(soaServer);
        command.SetAction(parse =>
        {
            var siteDir = context.SiteDirectory(parse.GetValue(siteOption) ?? parse.GetValue(site)!);
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

            // Neither the previous build nor the git revision depends on the compilation: both are
            // read on another thread while the site compiles.
            var siteFull = Path.GetFullPath(siteDir, context.WorkingDirectory);
            var previousRead = Task.Run(() => ReadPrevious(outDir, needDetails: onlySet is not null));
            var revisionRead = Task.Run(() => GitRevision(siteFull, outDir));

            // The emitters need only the resolved site: they start as soon as it is resolved, while
            // the analysis checks it. Their files are written only once the whole check found no
            // error, and while the manifest that lists them is made.
            var siteIsSound = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<WrittenFiles>? files = null;
            (BuildResult Result, int Kept) Emit(Elenta.Core.Semantics.ResolvedSite resolved)
            {
                var (previous, index) = previousRead.GetAwaiter().GetResult();
                var soa = parse.GetValue(soaServer);
                var emitContext = new EmitContext(
                    resolved,
                    DateOnly.FromDateTime(DateTime.UtcNow),
                    path => previous.ContainsKey(path) ? ReadIfExists(Path.Combine(outDir, path)) : null,
                    zone => soa is null ? null : QuerySerial(soa, zone),
                    parse.GetValue(serial),
                    siteFull)
                {
                    ReadSiteFile = relative =>
                    {
                        var full = Path.GetFullPath(Path.Combine(siteDir, relative), context.WorkingDirectory);
                        return File.Exists(full) ? File.ReadAllText(full) : null;
                    },
                };

                // A partial build keeps the other families' files, and their lines in the manifest.
                var kept = onlySet is null
                    ? []
                    : previous.Values.Where(e => !onlySet.Contains(e.Family) && File.Exists(Path.Combine(outDir, e.Path)))
                        .Select(e => new Artifact(e.Path, e.Family, e.Machine, e.Target, File.ReadAllBytes(Path.Combine(outDir, e.Path))))
                        .ToList();
                var result = BuildPipeline.Build(emitContext, onlySet, revisionRead.GetAwaiter().GetResult(), kept, oneAtATime: Timings.Sequential,
                    filesReady: ready =>
                    {
                        if (siteIsSound.Task.GetAwaiter().GetResult())
                        {
                            files = Task.Run(() => WriteFiles(outDir, ready, index));
                        }
                    });
                return (result, kept.Count);
            }

            Task<(BuildResult Result, int Kept)>? emitting = null;
            var compilation = context.Compile(siteDir, resolved: resolved => emitting = Task.Run(() => Emit(resolved)));
            var timed = Timings.Enabled;
            if (timed)
            {
                Timings.WriteCompilation(context, compilation);
            }

            var clock = Stopwatch.StartNew();
            void Lap(string stage)
            {
                if (timed)
                {
                    Timings.Write(context, stage, clock.Elapsed);
                }

                clock.Restart();
            }

            if (compilation.HasErrors || compilation.Resolved is null)
            {
                // The emitters may have run on the site already; what they made, or threw, is dropped.
                siteIsSound.SetResult(false);
                try
                {
                    emitting?.Wait();
                }
                catch (AggregateException)
                {
                }

                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            siteIsSound.SetResult(true);
            Rendering.TextDiagnostics.WriteHeadlines(context.Err, compilation.Diagnostics.Where(d => !d.IsError));
            var (result, keptCount) = (emitting ?? Task.FromResult(Emit(compilation.Resolved))).GetAwaiter().GetResult();
            var (previous, index) = previousRead.GetAwaiter().GetResult();
            Lap("emit (rest)"); // what was left of the emitters when the check finished
            if (timed)
            {
                foreach (var t in result.Timings)
                {
                    Timings.Write(context, t.Stage, t.Elapsed);
                }
            }

            clock.Restart();
            Rendering.TextDiagnostics.WriteHeadlines(context.Err, result.Diagnostics.Where(d => !d.IsError));

            if (result.HasErrors)
            {
                Rendering.TextDiagnostics.Write(context.Err, result.Diagnostics, context.Color);
                return 1;
            }

            var (written, unchanged, removed) = Finish(outDir, files!.GetAwaiter().GetResult(), result.Artifacts[^1], previous.Keys.ToHashSet(StringComparer.Ordinal), index);
            Lap("write");
            if (timed)
            {
                context.Err.WriteLine(FormattableString.Invariant($"elenta: timing {"total",-16} {Timings.SinceStart(),8:F0} ms since process start"));
                Timings.WriteGc(context);
            }

            var count = result.Artifacts.Count - 1;
            var what = onlySet is null ? string.Empty : $" ({string.Join(", ", onlySet.Order(StringComparer.Ordinal))}; the other families' {keptCount} kept as they were)";
            context.Out.WriteLine($"built {count} artifacts{what} into {Path.GetRelativePath(context.WorkingDirectory, outDir)}: {written} written, {unchanged} unchanged, {removed} removed");
            return 0;
        });
        return command;
    }

    private sealed record PreviousEntry(string Path, string Family, string? Machine, string? Target);

    /// <summary>
    /// The previous build's index, and its manifest's entries by path (empty when there is none, or
    /// it is damaged). When only the paths are needed and the index was written with the manifest
    /// that is there (its stamp has not moved), the paths come from the index: the manifest's
    /// 50,000 entries need not be parsed.
    /// </summary>
    private static (Dictionary<string, PreviousEntry> Manifest, OutputIndex Index) ReadPrevious(string outDir, bool needDetails)
    {
        var index = OutputIndex.Read(outDir);
        if (!needDetails && index.IsCurrent(BuildPipeline.ManifestPath, FileStamp.Of(Path.Combine(outDir, BuildPipeline.ManifestPath))))
        {
            var paths = new Dictionary<string, PreviousEntry>(index.Count, StringComparer.Ordinal);
            foreach (var path in index.Paths)
            {
                if (path != BuildPipeline.ManifestPath && IsInsideOutput(path))
                {
                    paths[path] = new PreviousEntry(path, "unknown", null, null);
                }
            }

            return (paths, index);
        }

        return (ReadManifest(outDir), index);
    }

    /// <summary>A listed path the build may remove: relative and without "..", whatever a damaged or crafted manifest or index says.</summary>
    private static bool IsInsideOutput(string path) => !path.Contains("..", StringComparison.Ordinal) && !Path.IsPathRooted(path);

    private static Dictionary<string, PreviousEntry> ReadManifest(string outDir)
    {
        var entries = new Dictionary<string, PreviousEntry>(StringComparer.Ordinal);
        var manifest = Path.Combine(outDir, BuildPipeline.ManifestPath);
        if (!File.Exists(manifest))
        {
            return entries;
        }

        try
        {
            // Read as a stream of tokens, not a document: at 10,000 hosts the manifest lists 50,000
            // artifacts, and only four of each one's fields matter here.
            var json = new System.Text.Json.Utf8JsonReader(File.ReadAllBytes(manifest));
            if (!json.Read() || json.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                return entries;
            }

            while (json.Read() && json.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                var isArtifacts = json.ValueTextEquals("artifacts"u8);
                json.Read();
                if (!isArtifacts || json.TokenType != System.Text.Json.JsonTokenType.StartArray)
                {
                    json.Skip();
                    continue;
                }

                while (json.Read() && json.TokenType != System.Text.Json.JsonTokenType.EndArray)
                {
                    if (json.TokenType != System.Text.Json.JsonTokenType.StartObject)
                    {
                        json.Skip();
                        continue;
                    }

                    string? path = null, family = null, machine = null, target = null;
                    while (json.Read() && json.TokenType == System.Text.Json.JsonTokenType.PropertyName)
                    {
                        ref var field = ref path;
                        if (json.ValueTextEquals("family"u8))
                        {
                            field = ref family;
                        }
                        else if (json.ValueTextEquals("machine"u8))
                        {
                            field = ref machine;
                        }
                        else if (json.ValueTextEquals("target"u8))
                        {
                            field = ref target;
                        }
                        else if (!json.ValueTextEquals("path"u8))
                        {
                            json.Read();
                            json.Skip();
                            continue;
                        }

                        json.Read();
                        if (json.TokenType == System.Text.Json.JsonTokenType.String)
                        {
                            field = json.GetString();
                        }
                        else
                        {
                            json.Skip();
                        }
                    }

                    if (path is not null && IsInsideOutput(path))
                    {
                        entries[path] = new PreviousEntry(path, family ?? "unknown", machine, target);
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // A damaged manifest is treated as no previous build.
            entries.Clear();
        }

        return entries;
    }

    private static byte[]? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;

    private sealed record WrittenFiles(IReadOnlyList<Artifact> Files, FileStamp?[] Stamps, int Written, int Unchanged);

    /// <summary>
    /// Writes the files whose bytes changed, side by side (tens of thousands at 10,000 hosts). A file
    /// that replaces one of the previous build goes through a temporary name and a rename, so a
    /// reader never sees half of it; a new file is written in place (there is no previous version to
    /// read, and the manifest that lists it comes after it).
    /// </summary>
    private static WrittenFiles WriteFiles(string outDir, IReadOnlyList<Artifact> files, OutputIndex index)
    {
        Directory.CreateDirectory(outDir);
        var marker = Path.Combine(outDir, Elenta.Core.Loading.SiteLoader.OutputMarker);
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "This directory is the output of `elenta build`; Elenta never reads it as site data.\n");
        }

        // One thread per core: the pool adds threads while they wait in the kernel, and more writers
        // than cores only queue on the directory's lock. Directories are made when a file needs one.
        var cores = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var stamps = new FileStamp?[files.Count];
        int written = 0, unchanged = 0;
        Parallel.For(0, files.Count, cores, i =>
        {
            if (WriteIfChanged(outDir, files[i], index, out stamps[i]))
            {
                Interlocked.Increment(ref written);
            }
            else
            {
                Interlocked.Increment(ref unchanged);
            }
        });
        return new WrittenFiles(files, stamps, written, unchanged);
    }

    /// <summary>The manifest after every file it lists, then what the previous build had and this one has not goes, then the index.</summary>
    private static (int Written, int Unchanged, int Removed) Finish(string outDir, WrittenFiles files, Artifact manifest, HashSet<string> previous, OutputIndex index)
    {
        WriteIfChanged(outDir, manifest, index, out var manifestStamp);

        var removed = 0;
        previous.ExceptWith(files.Files.Select(a => a.Path));
        previous.Remove(manifest.Path);
        foreach (var stale in previous)
        {
            var path = Path.Combine(outDir, stale);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed++;
            }
        }

        OutputIndex.Write(outDir, [.. files.Files, manifest], [.. files.Stamps, manifestStamp], index);
        return (files.Written, files.Unchanged, removed);
    }

    /// <summary>
    /// Writes one artifact unless the file already holds exactly its bytes; true when it wrote.
    /// The index says so without reading the file when its stamp has not moved since.
    /// </summary>
    private static bool WriteIfChanged(string outDir, Artifact a, OutputIndex index, out FileStamp? stamp)
    {
        var target = Path.Combine(outDir, a.Path);
        stamp = FileStamp.Of(target);
        if (index.Holds(a.Path, a.Sha256Bytes, stamp))
        {
            return false;
        }

        // The stamp already says whether the file is there and how long; stat again only where the
        // platform gives no stamp.
        var (exists, length) = stamp is { } s ? (true, s.Size) : new FileInfo(target) is { Exists: true } f ? (true, f.Length) : (false, 0L);
        if (exists && length == a.Content.Length && File.ReadAllBytes(target).AsSpan().SequenceEqual(a.Content))
        {
            return false;
        }

        var path = exists ? target + ".elenta-tmp" : target;
        var mode = exists ? FileMode.Create : FileMode.CreateNew;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, mode, FileAccess.Write);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            handle = File.OpenHandle(path, mode, FileAccess.Write);
        }

        using (handle)
        {
            RandomAccess.Write(handle, a.Content, 0);
        }

        if (!OperatingSystem.IsWindows() && a.Path.EndsWith(".sh", StringComparison.Ordinal))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        if (exists)
        {
            File.Move(path, target, overwrite: true);
        }

        stamp = FileStamp.Of(target);
        return true;
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

    private static string? GitRevision(string siteDir, string outDir)
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

            var outRelative = Path.GetRelativePath(siteDir, outDir);
            if (!outRelative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(outRelative))
            {
                status.ArgumentList.Add($":(exclude){outRelative}"); // the output itself does not make the site dirty
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
