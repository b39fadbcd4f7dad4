using Elenta.Cli.Hosting;
using Elenta.Core;
using Elenta.Core.Loading;
using Elenta.Core.Semantics;

namespace Elenta.Cli;

/// <summary>What every command gets: its writers, the working directory, and the outside world's adapters.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, string workingDirectory, bool color)
{
    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    public string WorkingDirectory { get; } = workingDirectory;

    public bool Color { get; } = color;

    /// <summary>
    /// Standard output as bytes, when it is not a terminal (a file, a pipe): what a command writes
    /// that is not text (graph's PNG) goes there. Null when it is a terminal, or in tests.
    /// </summary>
    public Func<Stream>? BinaryOut { get; init; }

    /// <summary>Whether stderr is a terminal: long commands then keep a status line there (<see cref="Rendering.StatusLine"/>).</summary>
    public bool ErrorIsTerminal { get; init; }

    public ISiteFileSystem FileSystem { get; } = new PhysicalFileSystem(workingDirectory);

    public INixEvaluator Nix { get; } = new NixInstantiate();

    public string Version => typeof(CliContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Called with the site's full path before it is compiled (the real CLI starts a no-collection region there).</summary>
    public Action<string>? BeforeCompile { get; init; }

    /// <summary>
    /// The site directory for a SITE argument (by default "."): SITE itself when it holds elenta.yaml,
    /// else the nearest directory above it that does, so every command works from anywhere inside
    /// a site, as git does. When there is none, SITE as given, for the error to name it.
    /// </summary>
    public string SiteDirectory(string site) => SiteLoader.FindSiteRoot(site, FileSystem) ?? site;

    public Compilation Compile(string site, bool analyze = true, Action<ResolvedSite>? resolved = null) =>
        Compile(site, new CompilationOptions(analyze) { Resolved = resolved });

    public Compilation Compile(string site, CompilationOptions options) => Compile(site, options, FileSystem, Nix);

    /// <summary>Compiles through another file system and evaluator (build's, which record what they read).</summary>
    public Compilation Compile(string site, CompilationOptions options, ISiteFileSystem fileSystem, INixEvaluator? nix)
    {
        var directory = SiteDirectory(site);
        BeforeCompile?.Invoke(Path.GetFullPath(directory, WorkingDirectory));
        return Compilation.Create(directory, fileSystem, nix, options);
    }
}
