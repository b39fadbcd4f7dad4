using Elenta.Core;
using Elenta.Core.Emit;
using Elenta.Core.Semantics;

namespace Elenta.Output;

/// <summary>The revision a site's files are at (git, in the CLI), for the manifest; null when unknown.</summary>
public interface ISiteRevision
{
    string? Of(string siteDirectory, string outputDirectory);
}

/// <summary>The SOA serial a running name server reports for a zone (a DNS query, in the CLI); null when unknown.</summary>
public interface IZoneSerials
{
    uint? Current(string zone);
}

/// <summary>One <c>elenta build</c>: the site, where its output goes, and how.</summary>
public sealed record BuildRequest(string SiteDirectory, string OutputDirectory)
{
    /// <summary>Build only these families; the others' files stay as the previous build left them.</summary>
    public IReadOnlyCollection<string>? Only { get; init; }

    /// <summary>One SOA serial for every zone (hermetic builds).</summary>
    public uint? Serial { get; init; }

    /// <summary>Asked for a zone's serial when there is no previous build to take it from.</summary>
    public IZoneSerials? LiveSerials { get; init; }

    public ISiteRevision? Revision { get; init; }

    /// <summary>Work out what would change, and write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Run the emitters one at a time (ELENTA_TIMINGS=sequential).</summary>
    public bool OneAtATime { get; init; }

    /// <summary>Told, once, that another build holds the output directory's lock and this one waits for it.</summary>
    public Action<string>? Waiting { get; init; }

    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// Where the site's DNS secrets are kept (TSIG and DNSSEC keys, <see cref="DnsSecrets"/>); made
    /// when missing, never copied into the output. Null: no secrets, so public zones cannot be signed.
    /// </summary>
    public string? SecretsDirectory { get; init; }

    /// <summary>
    /// Record what the build reads (through <see cref="BuildInputs.FileSystem"/>), so that the next
    /// build into the same directory can be skipped when none of it changed (<see cref="SiteBuilder.UpToDate"/>).
    /// Null: nothing is recorded (deploy, sim and build-image build into directories of their own).
    /// </summary>
    public BuildInputs? Inputs { get; init; }
}

/// <summary>What a build did: the compilation, its result (null when the site did not compile), and what changed on disk.</summary>
public sealed record BuildOutcome(Compilation Compilation, BuildResult? Result, OutputChanges? Changes, int Kept)
{
    public bool Succeeded => Result is { HasErrors: false } && Changes is not null;
}

/// <summary>
/// Compiles a site and writes its build into an output directory, through Core's gate: nothing is
/// written unless the whole compilation, analysis included, found no error. To save time the
/// emitters start as soon as the site is resolved, beside the analysis, and the files are written
/// while the manifest that lists them is made.
/// </summary>
public static class SiteBuilder
{
    /// <param name="compile">Compiles the site, calling its argument with the resolved site as soon as it resolved cleanly.</param>
    public static BuildOutcome Build(BuildRequest request, Func<Action<ResolvedSite>, Compilation> compile)
    {
        var outDir = request.OutputDirectory;
        // Taken before the first write, held to the end (the index, the trace); a dry run writes nothing and takes none.
        OutputLock? exclusive = null;
        // Neither the previous build nor the site's revision depends on the compilation: both are
        // read on other threads while the site compiles.
        var previousRead = Task.Run(() => OutputDirectory.Open(outDir, needDetails: request.Only is not null));
        var revisionRead = Task.Run(() => request.Revision?.Of(request.SiteDirectory, outDir));
        Task<OutputDirectory.WrittenFiles>? files = null;
        var kept = 0;
        // Made when the site resolves; the DNSSEC keys it makes as zones are signed are kept past the gate only.
        DnsSecrets? secrets = null;

        PendingBuild Start(ResolvedSite resolved)
        {
            var overlays = resolved.Site.Settings.Overlays.Select(o => (Given: o, Full: Path.GetFullPath(Path.Combine(request.SiteDirectory, o)))).ToList();
            RefuseOverlay(request, overlays);
            if (OutputDirectory.SiteDataIn(outDir, overlays.Select(o => o.Full)) is { } siteFile)
            {
                throw new OutputDirectoryRefusedException(
                    $"the output directory {outDir} holds site files ({Path.GetRelativePath(outDir, siteFile)}) and no build: a build there would hide them from the site's loader from then on; "
                    + "give an empty or new directory, such as out/");
            }

            var output = previousRead.GetAwaiter().GetResult();
            secrets = request.SecretsDirectory is { } dir ? new DnsSecrets(dir) : null;

            var context = new EmitContext(resolved, request.Today, output.ReadPrevious,
                zone => request.LiveSerials?.Current(zone), request.Serial, request.SiteDirectory)
            {
                ReadSiteFile = request.Inputs is { } inputs ? inputs.Watch(SiteFileReader(request.SiteDirectory)) : SiteFileReader(request.SiteDirectory),
                Signer = request.DryRun ? null : secrets,
            };
            var keptFiles = request.Only is { } only ? output.KeptOutside(only) : [];
            kept = keptFiles.Count;
            return BuildPipeline.Start(context, new BuildOptions
            {
                Only = request.Only,
                Kept = keptFiles,
                Revision = () => revisionRead.GetAwaiter().GetResult(),
                OneAtATime = request.OneAtATime,
                FilesReady = request.DryRun ? null : ready => files = Task.Run(() =>
                {
                    // Past the gate: a site with errors makes no secrets. The build names the TSIG
                    // files by path only, so they need not exist before the files are made; the
                    // DNSSEC keys that signed its zones were made aside, and are kept now.
                    secrets?.EnsureTsigKeys(Elenta.Core.Emit.Dns.TsigKey.Of(resolved));
                    secrets?.KeepDnssecKeys();
                    exclusive = OutputLock.Take(outDir, request.Waiting);
                    // This build's files no longer match what the last build read: its trace goes first.
                    BuildInputs.Forget(outDir);
                    return output.WriteFiles(ready);
                }),
            });
        }

        try
        {
            PendingBuild? pending = null;
            var compilation = compile(resolved => pending = Start(resolved));
            if (compilation.HasErrors)
            {
                // What the emitters made, or threw, on a site the analysis rejected is dropped at the gate.
                pending?.Complete(compilation);
                return new BuildOutcome(compilation, null, null, 0);
            }

            var result = (pending ?? throw new InvalidOperationException("a site without errors resolves")).Complete(compilation);

            if (result.HasErrors)
            {
                return new BuildOutcome(compilation, result, null, kept);
            }

            var output = previousRead.GetAwaiter().GetResult();
            var changes = request.DryRun
                ? output.Diff(result.Artifacts)
                : Write(output, files!, result.Artifacts[^1]);
            if (!request.DryRun && request.Inputs is { } read)
            {
                read.Save(request, revisionRead.GetAwaiter().GetResult(), OutputIndex.Read(outDir),
                    compilation.Diagnostics.Where(d => !d.IsError).Concat(result.Diagnostics.Where(d => !d.IsError)), kept);
            }

            return new BuildOutcome(compilation, result, changes, kept);
        }
        finally
        {
            exclusive?.Dispose();
            // What the build made and did not keep (its gate refused the site) goes with it.
            secrets?.Dispose();
        }
    }

    /// <summary>
    /// The last build in the request's output directory, when nothing it read has changed since and
    /// the directory still holds what it wrote: then this build would make the same bytes, and need
    /// not run. Null when it must run (no <see cref="BuildRequest.Inputs"/>, no trace, or anything differs).
    /// </summary>
    public static UpToDateBuild? UpToDate(BuildRequest request) => UpToDate(request, out _);

    /// <inheritdoc cref="UpToDate(BuildRequest)"/>
    /// <param name="why">When the build must run although the last one left a trace: the first difference found, as a sentence.</param>
    public static UpToDateBuild? UpToDate(BuildRequest request, out string? why)
    {
        why = null;
        if (request.Inputs is not { } inputs)
        {
            return null;
        }

        using var span = Timing.StartActivity("up to date?");
        return BuildInputs.Check(request, inputs.Real, out why);
    }

    /// <summary>
    /// A compilation's build in memory, with no output directory (no previous build, so serials are
    /// today's first): what each machine would receive, for <c>show host</c>.
    /// </summary>
    public static BuildResult InMemory(Compilation compilation, string siteDirectory, DateOnly today) =>
        InMemory(compilation, siteDirectory, today, previousBuild: null);

    /// <summary>
    /// A compilation's build in memory, as <c>elenta build --out <paramref name="previousBuild"/></c>
    /// would make it: a zone keeps the serial of the build there when its content did not change,
    /// and moves past it when it did. That directory is only read; null or missing: serials are today's first.
    /// </summary>
    public static BuildResult InMemory(Compilation compilation, string siteDirectory, DateOnly today, string? previousBuild)
    {
        Func<string, byte[]?> previous = previousBuild is not null && Directory.Exists(previousBuild)
            ? OutputDirectory.Open(previousBuild, needDetails: false).ReadPrevious
            : _ => null;
        return BuildPipeline.Build(compilation, resolved => new EmitContext(resolved, today, previous, _ => null, null, siteDirectory)
        {
            ReadSiteFile = SiteFileReader(siteDirectory),
        });
    }

    /// <summary>
    /// An output directory that is one of the site's overlays, or holds one, is refused before
    /// anything is written: the loader reads an overlay's own directory whatever it holds, so the next
    /// build would read this one's views and manifest as site data.
    /// </summary>
    private static void RefuseOverlay(BuildRequest request, IReadOnlyList<(string Given, string Full)> overlays)
    {
        foreach (var (overlay, full) in overlays)
        {
            if (OutputDirectory.Holds(request.OutputDirectory, full))
            {
                throw new OutputDirectoryRefusedException(
                    $"the output directory {request.OutputDirectory} {(Path.TrimEndingDirectorySeparator(full) == Path.TrimEndingDirectorySeparator(request.OutputDirectory) ? "is" : "holds")} the site's overlay {overlay}: "
                    + "the build would write among the overlay's files, and the next build would read them as site data; give a directory of its own");
            }
        }
    }

    /// <summary>Reads a file of the site (a template), by its path relative to the site directory.</summary>
    private static Func<string, string?> SiteFileReader(string siteDirectory) => relative => ReadSiteFile(siteDirectory, relative);

    internal static string? ReadSiteFile(string siteDirectory, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(siteDirectory, relative));
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    /// <summary>Timed on Core's stage source, so the one listener sees it with the rest.</summary>
    private static readonly System.Diagnostics.ActivitySource Timing = new(Stages.SourceName);

    private static OutputChanges Write(OutputDirectory output, Task<OutputDirectory.WrittenFiles> files, Artifact manifest)
    {
        using var span = Timing.StartActivity("write");
        return output.Finish(files.GetAwaiter().GetResult(), manifest);
    }
}
