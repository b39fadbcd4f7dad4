using System.CommandLine;
using Elenta.Cli.Commands;

namespace Elenta.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        // `check` is a short batch job whose heap stays alive to the end: collecting garbage while
        // the site is compiled only walks it. Ask for no collection during the first GiB of
        // allocation (a 10,000-host check allocates about 0.65 GiB); past that, or if the runtime
        // says no, the GC works as usual. Not for `build`: it allocates far more, and collecting
        // as it goes keeps its memory down (measured: 1 GiB instead of 2 at 10,000 hosts).
        if (args is ["check", ..])
        {
            try
            {
                GC.TryStartNoGCRegion(1L << 30);
            }
            catch (ArgumentOutOfRangeException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        return Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, color);
    }

    /// <summary>Runs the real program against the given writers; tests call this with string writers.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, string workingDirectory, bool color = false)
    {
        var context = new CliContext(output, error, workingDirectory, color);
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

        var parse = root.Parse(args);
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
        catch (Exception ex)
        {
            // A bug, not bad input (bad input is a diagnostic): say so in one line, no stack trace.
            error.WriteLine($"elenta: internal error: {ex.GetType().Name}: {ex.Message}");
            error.WriteLine("  this is a bug in elenta; please report it with the command and the site that caused it");
            return 70;
        }
    }
}
