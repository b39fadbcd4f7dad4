using System.CommandLine;
using Elenta.Cli.Commands;

namespace Elenta.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        // `check` and `build` (and `report`, which builds in memory) are short batch jobs whose heap mostly stays alive to the end:
        // collecting garbage while the site is compiled only walks it. So they ask for no
        // collection while they allocate what a site of that size needs (NoCollectionRegion); past
        // that, or if the runtime says no, the GC works as usual. Measured on the 10,000-host
        // benchmark site: a check allocates 0.6 GiB and a build 1.1 GiB; without collections a
        // build took 3.5 s instead of 4.5 s, for a peak of 1.6 GiB instead of 1.1. The runtime may
        // let a job run past the size it was asked for before it collects: a 50,000-host build
        // asking for 6 GiB peaked at 7.6 GiB.
        // The commands that reach machines (plan, deploy, switch, boot, apply, rollback) build the
        // site first and then mostly wait on ssh: the same region keeps their build free of
        // collections too (a deployment to the 50-machine bench lab ran 9 full collections, each
        // stopping its 50 threads, 0.2 to 1.3 s of pauses in all under load).
        var beforeCompile = args is ["check" or "build" or "report" or "plan" or "deploy" or "switch" or "boot" or "apply" or "rollback", ..] ? NoCollectionRegion.Start : (Action<string>?)null;
        var binaryOut = Console.IsOutputRedirected ? Console.OpenStandardOutput : (Func<Stream>?)null;
        return Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, color, beforeCompile, errorIsTerminal: !Console.IsErrorRedirected, binaryOut);
    }

    /// <summary>Runs the real program against the given writers; tests call this with string writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, string workingDirectory, bool color = false) =>
        Run(args, output, error, workingDirectory, color, beforeCompile: null, errorIsTerminal: false, binaryOut: null);

    private static int Run(string[] args, TextWriter output, TextWriter error, string workingDirectory, bool color, Action<string>? beforeCompile, bool errorIsTerminal, Func<Stream>? binaryOut)
    {
        var context = new CliContext(output, error, workingDirectory, color) { BeforeCompile = beforeCompile, ErrorIsTerminal = errorIsTerminal, BinaryOut = binaryOut };
        var root = new RootCommand(
            """
            Elenta: compile, check and deploy a lab or small data centre described as code.

            A site is a directory with elenta.yaml at its root; every *.yaml, *.yml, *.json and
            *.nix file below it is merged into one description: the cadaster (hardware), networks,
            domains, roles and constellations. Docs: docs/ in the repository.
            """);
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(ShowCommand.Create(context));
        root.Subcommands.Add(LookupCommand.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        root.Subcommands.Add(SchemaCommand.Create(context));
        root.Subcommands.Add(BuildCommand.Create(context));
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(SimCommand.Create(context));
        root.Subcommands.Add(PlanCommand.Create(context));
        root.Subcommands.Add(DeployCommand.Create(context, Elenta.Deploy.Drivers.ActivationMode.Test));
        root.Subcommands.Add(DeployCommand.Create(context, Elenta.Deploy.Drivers.ActivationMode.Switch));
        root.Subcommands.Add(DeployCommand.Create(context, Elenta.Deploy.Drivers.ActivationMode.Boot));
        root.Subcommands.Add(ApplyCommand.Create(context));
        root.Subcommands.Add(RollbackCommand.Create(context));
        root.Subcommands.Add(BuildImageCommand.Create(context));
        root.Subcommands.Add(HistoryCommand.Create(context));
        root.Subcommands.Add(KeysCommand.Create(context));
        root.Subcommands.Add(GraphCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));

        // No response files: '@tag' is how --on names the machines with a tag (plan, deploy, switch...).
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // --help, --version and the [suggest] directive (shell completion) run their own actions.
        var runsCommand = parse.Action is System.CommandLine.Invocation.ParseErrorAction || ReferenceEquals(parse.Action, parse.CommandResult.Command.Action);
        if (runsCommand && UsageErrors.Find(parse) is { } usage)
        {
            error.WriteLine($"elenta: {usage}");
            return 1;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (IOException ex)
        {
            error.WriteLine($"elenta: {ex.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine($"elenta: {ex.Message}");
            return 1;
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.All(e => e is IOException or UnauthorizedAccessException))
        {
            // Files are read and written side by side: a disk or permission problem arrives wrapped.
            foreach (var message in ex.Flatten().InnerExceptions.Select(e => e.Message).Distinct(StringComparer.Ordinal).Take(5))
            {
                error.WriteLine($"elenta: {message}");
            }

            return 1;
        }
        catch (Exception ex)
        {
            // A bug, not bad input (bad input is a diagnostic): say so in one line, no stack trace.
            error.WriteLine($"elenta: internal error: {ex.GetType().Name}: {ex.Message}");
            error.WriteLine("  this is a bug in elenta; please report it with the command and the site that caused it");
            return 70;
        }
    }
}
