using Elenta.Cli.Tests.Support;
using Elenta.Sim;

namespace Elenta.Cli.Tests;

/// <summary>What the NixOS lab tests share: the site copy of a <see cref="DeployLab"/> made a git repository with the test flake.</summary>
internal static class NixosSite
{
    /// <summary>Commits the site copy (with the test flake, the first time): its revision is what the systems hold.</summary>
    public static string Commit(DeployLab lab, string message)
    {
        string Git(params string[] args)
        {
            var r = Shell.Exec("git", ["-C", lab.SiteOnHost, "-c", "user.name=elenta-test", "-c", "user.email=test@elenta.invalid", .. args]);
            Assert.True(r.Code == 0, $"git {string.Join(' ', args)}: {r.Error}");
            return r.Output.Trim();
        }

        // The build's own directories are not the site's (with .secrets, where the build keeps the keys it makes, untracked, every system would say "-dirty").
        if (!Directory.Exists(Path.Combine(lab.SiteOnHost, ".git")))
        {
            Git("init", "-q");
            File.WriteAllText(Path.Combine(lab.SiteOnHost, ".gitignore"), ".elenta/\n.secrets/\n");
            File.Copy(Path.Combine(CliRunner.RepoRoot, "tests", "Elenta.Cli.Tests", "Nixos", "test-flake.nix"), Path.Combine(lab.SiteOnHost, "flake.nix"));
        }

        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>What a machine's test system's switch-to-configuration was asked, in order ("ACTION STOREPATH").</summary>
    public static string[] Switches(DeployLab lab, string machine) =>
        lab.Lab.Capture(machine, ["cat", "/var/lib/elenta-test/switch-to-configuration.log"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
