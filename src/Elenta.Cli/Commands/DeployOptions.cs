using System.CommandLine;
using Elenta.Core.Emit;
using Elenta.Deploy;
using Elenta.Deploy.State;
using Elenta.Deploy.Transport;
using Elenta.Output;
using Spectre.Console;

namespace Elenta.Cli.Commands;

/// <summary>
/// What plan, deploy, switch, boot and rollback share: the site, the targets, the way to the
/// machines (known_hosts, identity, DNS or cadaster), and the build they compare the machines with.
/// </summary>
internal sealed class DeployOptions
{
    public Argument<string?> SiteArgument { get; } = CommonOptions.SiteArgumentOrCurrent();

    public Option<string?> Site { get; } = CommonOptions.SiteOptional();

    public Option<string[]> On { get; } = new("--on") { Description = "Machines: names, @tag, globs ('web-*'), comma-separated; every machine that receives files when no target option is given", HelpName = "NAME,@TAG,GLOB", AllowMultipleArgumentsPerToken = true };

    public Option<string?> Canon { get; } = new("--canon") { Description = "One machine, by its canon name (toto or toto.canon) or one of its addresses' (kansas.hedges); not a BMC's", HelpName = "NAME" };

    public Option<string?> Constellation { get; } = new("--constellation") { Description = "The machines of a constellation that receive files", HelpName = "NAME" };

    public Option<bool> NoDns { get; } = new("--no-dns") { Description = "Reach machines at the cadaster's addresses instead of resolving their canon names through DNS" };

    public Option<string?> KnownHosts { get; } = new("--known-hosts") { Description = "The only host keys trusted (default: the build's ssh/known_hosts, from the cadaster)", HelpName = "FILE" };

    public Option<string?> Identity { get; } = new("--identity", "-i") { Description = "The operator's private key (default: ssh's own: agent, ~/.ssh/config)", HelpName = "FILE" };

    public Option<int?> Parallel { get; } = new("--parallel", "-j") { Description = "At most this many machines at once (default: 4 per core, at least 4)", HelpName = "N" };

    public Option<string?> Rev { get; } = new("--rev") { Description = "Compare with (or deploy) the site as this git commit has it, not the working tree (a SHA, tag or branch)", HelpName = "REV" };

    public Option<string?> Config { get; } = new("--config", "-c") { Description = "A one-off: build the one targeted NixOS machine's system from this flake configuration instead of its own ('.#machine-role')", HelpName = "FLAKE#NAME" };

    public Option<string?> BuildHost { get; } = new("--build-host") { Description = "Build NixOS systems on this machine of the site (nixos-rebuild's --build-host), reached with the same strict ssh options and known_hosts; each system is copied from there to its machine", HelpName = "MACHINE" };

    /// <param name="targetRequired">The command needs a target (rollback): --on does not default to every machine.</param>
    public void AddTo(Command command, bool withRev = true, bool targetRequired = false)
    {
        if (targetRequired)
        {
            On.Description = "Machines: names, @tag, globs ('web-*'), comma-separated";
        }

        command.Arguments.Add(SiteArgument);
        foreach (var o in new Option[] { Site, On, Canon, Constellation, NoDns, KnownHosts, Identity, Parallel })
        {
            command.Options.Add(o);
        }

        if (withRev)
        {
            command.Options.Add(Rev);
            command.Options.Add(Config);
            command.Options.Add(BuildHost);
        }
    }

    /// <summary>What a command's options ask for, read from the command line.</summary>
    public Request RequestOf(CliContext context, ParseResult parse) => new(
        Path.GetFullPath(context.SiteDirectory(CommonOptions.SiteOf(parse, SiteArgument, Site)), context.WorkingDirectory),
        new TargetSelection(parse.GetValue(On) ?? [], parse.GetValue(Canon), parse.GetValue(Constellation)),
        parse.GetValue(NoDns),
        parse.GetValue(KnownHosts) is { } k ? Path.GetFullPath(k, context.WorkingDirectory) : null,
        parse.GetValue(Identity) is { } i ? Path.GetFullPath(i, context.WorkingDirectory) : null,
        parse.GetValue(Parallel),
        parse.CommandResult.Command.Options.Contains(Rev) ? parse.GetValue(Rev) : null)
    {
        Config = parse.CommandResult.Command.Options.Contains(Config) ? parse.GetValue(Config) : null,
        BuildHost = parse.CommandResult.Command.Options.Contains(BuildHost) ? parse.GetValue(BuildHost) : null,
    };

    /// <summary>Where the site is, which machines, how they are reached, and at which revision (null: the working tree).</summary>
    internal sealed record Request(string SiteDirectory, TargetSelection Selection, bool NoDns, string? KnownHosts, string? Identity, int? Parallel, string? Rev)
    {
        /// <summary><c>--config FLAKE#NAME</c>: the one NixOS machine targeted gets this configuration's system.</summary>
        public string? Config { get; init; }

        /// <summary><c>--build-host MACHINE</c>: NixOS systems are built there, not here.</summary>
        public string? BuildHost { get; init; }
    }

    /// <summary>Builds the site into .elenta/build and works out the targets; null (with the error written) when it cannot.</summary>
    public Prepared? Prepare(CliContext context, ParseResult parse, Action<string, string>? progress) => Prepare(context, RequestOf(context, parse), progress);

    /// <summary>
    /// Builds the site into .elenta/build (at <see cref="Request.Rev"/>: the commit's tree into
    /// .elenta/build-SHA) and works out the targets; null (with the error written) when it cannot.
    /// </summary>
    public static Prepared? Prepare(CliContext context, Request request, Action<string, string>? progress)
    {
        var siteDir = request.SiteDirectory;
        var buildDir = Path.Combine(siteDir, ".elenta", "build");
        var sourceDir = siteDir;
        ISiteRevision revision = new Hosting.GitRevision();
        if (request.Rev is { } rev)
        {
            var (directory, commit, problem) = Hosting.SiteAtRevision.Checkout(siteDir, rev);
            if (problem is not null)
            {
                context.Err.WriteLine("elenta: " + problem);
                return null;
            }

            sourceDir = directory!;
            buildDir = Path.Combine(siteDir, ".elenta", "build-" + commit![..12]);
            revision = new Hosting.SiteAtRevision.Fixed(commit);
        }

        var outcome = SiteBuilder.Build(new BuildRequest(sourceDir, buildDir)
        {
            Revision = revision,
            SecretsDirectory = Path.Combine(siteDir, BuildCommand.DefaultSecrets),
            Waiting = message => context.Err.WriteLine("elenta: " + message),
        }, resolved => context.Compile(sourceDir, resolved: resolved));
        if (!outcome.Succeeded || outcome.Compilation.Resolved is not { } resolved)
        {
            if (outcome.Result is { } result)
            {
                Rendering.TextDiagnostics.Write(context.Err, result.Diagnostics.Where(d => d.IsError).ToList(), context.Color);
                return null;
            }

            CommonOptions.ReportBrokenSite(context, outcome.Compilation);
            return null;
        }

        var manifest = Manifest.Read(File.ReadAllBytes(Path.Combine(buildDir, Manifest.Path)))
            ?? throw new IOException($"{buildDir}/manifest.json could not be read back");
        var (targets, problems) = Targets.Select(resolved, manifest, request.Selection, request.NoDns ? null : new SystemResolver());
        foreach (var p in problems)
        {
            context.Err.WriteLine($"elenta: {p.Machine}: {p.Message}");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        if (request.Config is { } config)
        {
            if (Deploy.Drivers.NixosDriver.ParseConfig(config) is null)
            {
                context.Err.WriteLine($"elenta: --config {config}: not a flake configuration; write it as FLAKE#NAME, such as '.#toto-web' (the site's flake.nix)");
                return null;
            }

            if (targets.Count != 1)
            {
                context.Err.WriteLine($"elenta: --config {config} builds one machine's system, but {targets.Count} machines are targeted; name one with --canon NAME or --on NAME");
                return null;
            }

            if (targets[0].Driver != Core.Model.DriverKind.Nixos)
            {
                context.Err.WriteLine($"elenta: --config {config}: {targets[0].Machine} uses the '{targets[0].Driver.ToString().ToLowerInvariant()}' driver, whose generation is the files the site delivers to it; --config names a NixOS configuration, for a machine with driver: nixos");
                return null;
            }

            targets = [targets[0] with { NixosConfig = config }];
        }

        var knownHosts = request.KnownHosts ?? Path.Combine(buildDir, "ssh", "known_hosts");
        if (!File.Exists(knownHosts))
        {
            context.Err.WriteLine($"elenta: no known_hosts at {knownHosts}: host keys are checked strictly, never trusted on first use; give --known-hosts FILE, or host keys in the cadaster (ssh.hostKey)");
            return null;
        }

        DeployTarget? buildHost = null;
        if (request.BuildHost is { } hostName)
        {
            var (hosts, hostProblems) = Targets.Select(resolved, manifest, new TargetSelection([hostName], null, null), request.NoDns ? null : new SystemResolver());
            if (hostProblems.Count > 0 || hosts.Count != 1)
            {
                var why = hostProblems.Count > 0 ? string.Join("; ", hostProblems.Select(p => p.Message)) : $"'{hostName}' is not one machine Elenta reaches (driver: none, or a pattern)";
                context.Err.WriteLine($"elenta: --build-host {hostName}: {why}; name a machine of the site (its name or canon name) with Nix, whose host key the site knows");
                return null;
            }

            if (!Deploy.Drivers.NixosDriver.KnowsHostKey(knownHosts, hosts[0]))
            {
                context.Err.WriteLine($"elenta: --build-host {hostName}: {knownHosts} holds no host key for {hosts[0].CanonName}: host keys are checked strictly, never trusted on first use; give its key in the cadaster (ssh.hostKey) or `elenta keys scan {hosts[0].Machine}`");
                return null;
            }

            buildHost = hosts[0];
        }

        // The journal is the working copy's (with --rev too, the team's history goes where the site says now).
        var state = request.Rev is null ? resolved.Site.Settings.State : context.Compile(siteDir, analyze: false).Site?.Settings.State;
        var (journal, journalProblem) = Journals.Open(siteDir, state, readOnly: false);
        if (journal is null)
        {
            context.Err.WriteLine($"elenta: {journalProblem}");
            return null;
        }

        var session = new DeploySession(siteDir, buildDir, manifest, new SshOptions(knownHosts) { Identity = request.Identity },
            journal, Path.Combine(siteDir, ".elenta", "logs"))
        {
            Revisions = new GitRevisionOrder(siteDir),
            Progress = progress,
            Hooks = Core.Semantics.DeployHooks.Of(resolved),
            BuildHost = buildHost,
        };
        if (request.Parallel is { } n)
        {
            session = session with { Parallel = n };
        }

        return new Prepared(session, targets, journal);
    }

    internal sealed record Prepared(DeploySession Session, IReadOnlyList<DeployTarget> Targets, IJournal Journal) : IDisposable
    {
        public void Dispose() => Journal.Dispose();
    }

    /// <summary>
    /// A live per-machine display on a terminal (Spectre.Console); elsewhere (a pipe, a test) one
    /// line per machine as it finishes.
    /// </summary>
    internal sealed class ProgressDisplay(CliContext context)
    {
        private readonly Dictionary<string, string> states = new(StringComparer.Ordinal);
        private readonly Lock gate = new();
        private readonly bool live = context.Color && ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
        private readonly StepTimings? steps = Timings.Enabled ? new StepTimings() : null;

        /// <summary>With ELENTA_TIMINGS=1: how long the machines spent in each step, on stderr.</summary>
        public void WriteTimings() => steps?.Write(context);

        /// <summary>One phase of the command (build, survey, apply...), timed with ELENTA_TIMINGS=1.</summary>
        public T Phase<T>(string name, Func<T> work) => steps is null ? work() : steps.Phase(name, work);

        public void Report(string machine, string state)
        {
            lock (gate)
            {
                steps?.Enter(machine, state);
                states[machine] = state;
                if (!live && (state.StartsWith("done", StringComparison.Ordinal) || state.StartsWith("FAILED", StringComparison.Ordinal)))
                {
                    context.Err.WriteLine($"  {machine}: {state}");
                }
            }
        }

        public T Run<T>(Func<T> work)
        {
            if (!live)
            {
                return work();
            }

            T result = default!;
            var table = new Table().AddColumn("machine").AddColumn("state");
            AnsiConsole.Live(table).Start(ctx =>
            {
                var task = Task.Run(work);
                while (!task.Wait(150))
                {
                    Refresh(table);
                    ctx.Refresh();
                }

                Refresh(table);
                ctx.Refresh();
                result = task.Result;
            });
            return result;
        }

        private void Refresh(Table table)
        {
            lock (gate)
            {
                table.Rows.Clear();
                foreach (var (machine, state) in states.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    table.AddRow(Markup.Escape(machine), Markup.Escape(state));
                }
            }
        }
    }
}
