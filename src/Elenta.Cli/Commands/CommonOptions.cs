using System.CommandLine;

namespace Elenta.Cli.Commands;

internal static class CommonOptions
{
    /// <summary>
    /// --site, for commands whose site is only an option. No default value is declared, so the help
    /// says "the current directory" once instead of adding a bare "[default: .]": read it with
    /// <see cref="SiteOf(ParseResult, Option{string?})"/>.
    /// </summary>
    public static Option<string?> Site() => new("--site", "-s")
    {
        Description = "The site directory (the one holding elenta.yaml); the current directory when omitted",
        HelpName = "DIR",
    };

    public static string SiteOf(ParseResult parse, Option<string?> site) => parse.GetValue(site) ?? CurrentDirectory;

    /// <summary>The SITE argument with no declared default (see <see cref="Site"/>); read it with <see cref="SiteOf(ParseResult, Argument{string?}, Option{string?})"/>.</summary>
    public static Argument<string?> SiteArgumentOrCurrent() => new("SITE")
    {
        Description = "The site directory (the one holding elenta.yaml); the current directory when omitted",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static string SiteOf(ParseResult parse, Argument<string?> argument, Option<string?> option) =>
        parse.GetValue(option) ?? parse.GetValue(argument) ?? CurrentDirectory;

    private const string CurrentDirectory = ".";

    /// <summary>--site for commands whose site is also an argument: either form works.</summary>
    public static Option<string?> SiteOptional() => new("--site", "-s")
    {
        Description = "The site directory (same as the SITE argument)",
        HelpName = "DIR",
    };

    /// <summary>When a site does not compile, say so on stderr with the diagnostics and return 1.</summary>
    public static int ReportBrokenSite(CliContext context, Elenta.Core.Compilation compilation)
    {
        context.Err.WriteLine("elenta: the site has errors; run 'elenta check' for details:");
        Rendering.TextDiagnostics.Write(context.Err, compilation.Diagnostics.Where(d => d.IsError).ToList(), context.Color);
        return 1;
    }
}
