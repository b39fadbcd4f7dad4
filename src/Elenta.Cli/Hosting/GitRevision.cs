using System.Diagnostics;
using Elenta.Output;

namespace Elenta.Cli.Hosting;

/// <summary>The site's git commit, with "-dirty" when its files differ from it; null outside git.</summary>
internal sealed class GitRevision : ISiteRevision
{
    public string? Of(string siteDirectory, string outputDirectory)
    {
        try
        {
            var rev = Git(siteDirectory, "rev-parse", "HEAD");
            if (rev is null || rev.Length == 0)
            {
                return null;
            }

            // A dirty tree is not that revision; say so rather than lie. The output itself, when it
            // sits inside the site, does not make the site dirty.
            var outRelative = Path.GetRelativePath(siteDirectory, outputDirectory);
            string[] status = !outRelative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(outRelative)
                ? ["status", "--porcelain", "--", ".", $":(exclude){outRelative}"]
                : ["status", "--porcelain", "--", "."];
            return Git(siteDirectory, status) is { Length: > 0 } ? rev + "-dirty" : rev;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }

    /// <summary>git's trimmed output, or null when it failed.</summary>
    private static string? Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : null;
    }
}
