using Elenta.Cli.Hosting;
using Elenta.Core;
using Elenta.Core.Loading;

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

    public Compilation Compile(string site, bool analyze = true) =>
        Compilation.Create(site, FileSystem, Nix, new CompilationOptions(analyze));
}
