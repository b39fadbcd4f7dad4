using System.Diagnostics;
using Elenta.Cli.Tests.Support;
using Elenta.Sim;

namespace Elenta.Cli.Tests;

/// <summary>
/// One lab of emerald-city for a class of deploy tests, and a copy of the site in which some
/// machines use the files driver, inside the operator's laptop hedges (on kansas, a management
/// network): the deployer runs there, as an operator would, since the lab is cut off from this
/// machine's own network. The lab is taken down when the class is done, whatever happened.
/// </summary>
public sealed class DeployLab : IDisposable
{
    /// <summary>The machines the site copy deploys with the files driver (the others are nixos machines).</summary>
    public static readonly string[] FilesMachines = ["archimedes", "dragon-of-perdition", "nancy", "randy", "toto"];

    public DeployLab()
    {
        Name = "d" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var up = CliRunner.InRepo("sim", "up", Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), "--lab", Name);
            if (up.ExitCode != 0)
            {
                throw new InvalidOperationException("sim up failed: " + up.Err + up.Out);
            }

            Lab = new Lab(Name);
            // hedges' /root is this directory; the host's file system (the elenta build, the lab's keys) is visible read-only in it.
            var root = Path.Combine(Lab.MachineDirectory("hedges"), "root", "sites");
            Copy(Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), Path.Combine(root, "emerald-city"));
            Copy(Path.Combine(CliRunner.RepoRoot, "examples", "narya"), Path.Combine(root, "narya"));
            File.WriteAllText(Path.Combine(root, "emerald-city", "deploy-files.yaml"), """
                cadaster:
                  compute:
                    archimedes: { driver: !force files }
                    dragon-of-perdition: { driver: !force files }
                    nancy: { driver: !force files }
                    randy: { driver: !force files }
                    toto: { driver: !force files }
                roles:
                  slow:
                    description: A file whose after-change command waits for the test to say go (the deploy tests' lock).
                    config:
                      files:
                        - { path: /etc/slow.conf, template: templates/slow.liquid }
                      activate: [ "timeout 120 sh -c 'until [ -e /tmp/elenta-test-go ]; do sleep 0.2; done'" ]
                  planned:
                    description: A file of dragon-of-perdition's alone (the saved-plan and --rev tests change it).
                    config:
                      files:
                        - { path: /etc/planned.conf, template: templates/planned.liquid }
                constellations:
                  emerald-city:
                    machines:
                      archimedes:
                        hostConfig:
                          slow: { role: slow }
                      dragon-of-perdition:
                        hostConfig:
                          planned: { role: planned }
                """);
            File.WriteAllText(Path.Combine(root, "emerald-city", "templates", "slow.liquid"), "slow {{ name }}\n");
            File.WriteAllText(Path.Combine(root, "emerald-city", "templates", "planned.liquid"), "planned {{ name }}\n");
            SiteOnHost = Path.Combine(root, "emerald-city");
            Shell.Exec("cp", ["-a", AppContext.BaseDirectory.TrimEnd('/'), Path.Combine(Lab.MachineDirectory("hedges"), "root", "elenta-cli")]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public Lab Lab { get; } = null!;

    /// <summary>The site copy, as this machine sees it; <see cref="Site"/> is where hedges sees it.</summary>
    public string SiteOnHost { get; } = null!;

    public const string Site = "/root/sites/emerald-city";

    public string KnownHosts => Lab.KnownHosts;

    public string Identity => LabSsh.OperatorKey(Lab.StateDirectory);

    /// <summary>Where hedges finds the elenta these tests were built with: a copy in its private /root (a clone under /tmp or /root, a CI's, is hidden in the machine behind its private /tmp and /root).</summary>
    private const string ElentaInHedges = "/root/elenta-cli/elenta.dll";

    /// <summary>The elenta these tests were built with, run by dotnet inside hedges.</summary>
    private static string[] Elenta => ["env", "HOME=/root", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "dotnet", ElentaInHedges];

    /// <summary>Runs elenta in hedges with the lab's known_hosts and operator key (unless <paramref name="trust"/> is false).</summary>
    public (int Code, string Output, string Error) Run(IReadOnlyList<string> args, bool trust = true) =>
        Lab.Capture("hedges", [.. Elenta, .. args, .. trust ? new[] { "--known-hosts", KnownHosts, "--identity", Identity } : []]);

    /// <summary>Starts elenta in hedges without waiting for it.</summary>
    public Process Start(IReadOnlyList<string> args)
    {
        var pid = Lab.HolderOf("hedges") ?? throw new InvalidOperationException("hedges is not up");
        var info = new ProcessStartInfo("nsenter", ["-t", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "-m", "-u", "--", .. Elenta, .. args, "--known-hosts", KnownHosts, "--identity", Identity])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(info)!;
    }

    /// <summary>sha256 of a file on a machine.</summary>
    public string Sha256(string machine, string path) => Lab.Capture(machine, ["sha256sum", path]).Output.Split(' ')[0];

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        if (new Lab(Name).Exists)
        {
            new Lab(Name).Down();
        }
    }
}
