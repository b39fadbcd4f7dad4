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

    public ISiteFileSystem FileSystem { get; } = new PhysicalFileSystem(workingDirectory);

    public INixEvaluator Nix { get; } = new NixInstantiate();

    public string Version => typeof(CliContext).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Called with the site's full path before it is compiled (the real CLI starts a no-collection region there).</summary>
    public Action<string>? BeforeCompile { get; init; }

    public Compilation Compile(string site, bool analyze = true, Action<ResolvedSite>? resolved = null)
    {
        BeforeCompile?.Invoke(Path.GetFullPath(site, WorkingDirectory));
        return Compilation.Create(site, FileSystem, Nix, new CompilationOptions(analyze) { Resolved = resolved });
    }
}
