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

    public Option<string?> Canon { get; } = new("--canon") { Description = "One machine, by its canon name (toto or toto.canon)", HelpName = "NAME" };

    public Option<string?> Constellation { get; } = new("--constellation") { Description = "The machines of a constellation that receive files", HelpName = "NAME" };

    public Option<bool> NoDns { get; } = new("--no-dns") { Description = "Reach machines at the cadaster's addresses instead of resolving their canon names through DNS" };

    public Option<string?> KnownHosts { get; } = new("--known-hosts") { Description = "The only host keys trusted (default: the build's ssh/known_hosts, from the cadaster)", HelpName = "FILE" };

    public Option<string?> Identity { get; } = new("--identity", "-i") { Description = "The operator's private key (default: ssh's own: agent, ~/.ssh/config)", HelpName = "FILE" };

    public Option<int?> Parallel { get; } = new("--parallel", "-j") { Description = "At most this many machines at once (default: 4 per core, at least 4)", HelpName = "N" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(SiteArgument);
        foreach (var o in new Option[] { Site, On, Canon, Constellation, NoDns, KnownHosts, Identity, Parallel })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>Builds the site into .elenta/build and works out the targets; null (with the error written) when it cannot.</summary>
    public Prepared? Prepare(CliContext context, ParseResult parse, Action<string, string>? progress)
    {
        var siteDir = Path.GetFullPath(context.SiteDirectory(CommonOptions.SiteOf(parse, SiteArgument, Site)), context.WorkingDirectory);
        var buildDir = Path.Combine(siteDir, ".elenta", "build");
        var outcome = SiteBuilder.Build(new BuildRequest(siteDir, buildDir)
        {
            Revision = new Hosting.GitRevision(),
            SecretsDirectory = Path.Combine(siteDir, BuildCommand.DefaultSecrets),
        }, resolved => context.Compile(siteDir, resolved: resolved));
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
        var selection = new TargetSelection(parse.GetValue(On) ?? [], parse.GetValue(Canon), parse.GetValue(Constellation));
        var (targets, problems) = Targets.Select(resolved, manifest, selection, parse.GetValue(NoDns) ? null : new SystemResolver());
        foreach (var p in problems)
        {
            context.Err.WriteLine($"elenta: {p.Machine}: {p.Message}");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var knownHosts = parse.GetValue(KnownHosts) is { } k ? Path.GetFullPath(k, context.WorkingDirectory) : Path.Combine(buildDir, "ssh", "known_hosts");
        if (!File.Exists(knownHosts))
        {
            context.Err.WriteLine($"elenta: no known_hosts at {knownHosts}: host keys are checked strictly, never trusted on first use; give --known-hosts FILE, or host keys in the cadaster (ssh.hostKey)");
            return null;
        }

        var journal = new Journal(Journal.DefaultPath(siteDir));
        var session = new DeploySession(siteDir, buildDir, manifest, new SshOptions(knownHosts) { Identity = parse.GetValue(Identity) is { } i ? Path.GetFullPath(i, context.WorkingDirectory) : null },
            journal, Path.Combine(siteDir, ".elenta", "logs"))
        {
            Revisions = new GitRevisionOrder(siteDir),
            Progress = progress,
            Hooks = Core.Semantics.DeployHooks.Of(resolved),
        };
        if (parse.GetValue(Parallel) is { } n)
        {
            session = session with { Parallel = n };
        }

        return new Prepared(session, targets, journal);
    }

    internal sealed record Prepared(DeploySession Session, IReadOnlyList<DeployTarget> Targets, Journal Journal) : IDisposable
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

        public void Report(string machine, string state)
        {
            lock (gate)
            {
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
