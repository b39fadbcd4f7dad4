using System.CommandLine;

namespace Elenta.Cli.Commands;

internal static class CommonOptions
{
    public static Option<string> Site() => new("--site", "-s")
    {
        Description = "The site directory (the one holding elenta.yaml)",
        DefaultValueFactory = _ => ".",
        HelpName = "DIR",
    };

    /// <summary>--site for commands whose site is also an argument: either form works.</summary>
    public static Option<string?> SiteOptional() => new("--site", "-s")
    {
        Description = "The site directory (same as the SITE argument)",
        HelpName = "DIR",
    };

    public static Argument<string> SiteArgument() => new("SITE")
    {
        Description = "The site directory (the one holding elenta.yaml); defaults to the site the current directory is in",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    /// <summary>When a site does not compile, say so on stderr with the diagnostics and return 1.</summary>
    public static int ReportBrokenSite(CliContext context, Elenta.Core.Compilation compilation)
    {
        context.Err.WriteLine("elenta: the site has errors; run 'elenta check' for details:");
        Rendering.TextDiagnostics.Write(context.Err, compilation.Diagnostics.Where(d => d.IsError).ToList(), context.Color);
        return 1;
    }
}
