using System.Diagnostics;
using Elenta.Output;

namespace Elenta.Cli.Hosting;

/// <summary>
/// The site as a commit of its git repository has it (<c>--rev</c>): the repository's tree at that
/// commit, taken out with <c>git archive</c> into <c>SITE/.elenta/rev/SHA/</c> (once: a later run at
/// the same commit reuses it), so overlays kept in the same repository come along. What git does not
/// hold stays as it is now: the secrets directory (<c>.secrets</c>) is the working tree's.
/// </summary>
internal static class SiteAtRevision
{
    /// <summary>The site's directory inside the tree at <paramref name="revision"/>, and the commit's full id; or the problem.</summary>
    public static (string? Directory, string? Commit, string? Problem) Checkout(string siteDirectory, string revision)
    {
        var root = Git(siteDirectory, "rev-parse", "--show-toplevel");
        if (root.Code != 0)
        {
            return (null, null, $"--rev {revision}: the site {siteDirectory} is not in a git repository ({root.Error.Trim()})");
        }

        var commit = Git(siteDirectory, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        if (commit.Code != 0)
        {
            return (null, null, $"--rev {revision}: not a commit of the site's repository; `git -C {siteDirectory} log --oneline` lists them");
        }

        var sha = commit.Output.Trim();
        var prefix = Git(siteDirectory, "rev-parse", "--show-prefix").Output.Trim();
        var tree = Path.Combine(siteDirectory, ".elenta", "rev", sha);
        var site = Path.Combine(tree, prefix);
        if (!Directory.Exists(tree))
        {
            var staging = tree + $".{Environment.ProcessId}.elenta-tmp";
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            Directory.CreateDirectory(staging);
            var archive = Pipe(root.Output.Trim(), staging, sha);
            if (archive is not null)
            {
                Directory.Delete(staging, recursive: true);
                return (null, null, $"--rev {revision}: git archive failed: {archive}");
            }

            try
            {
                Directory.Move(staging, tree);
            }
            catch (IOException) when (Directory.Exists(tree))
            {
                Directory.Delete(staging, recursive: true); // another run took it out first
            }
        }

        return Directory.Exists(site)
            ? (site, sha, null)
            : (null, null, $"--rev {revision}: the site's directory ({prefix.TrimEnd('/')}) does not exist at commit {sha[..12]}");
    }

    /// <summary>The revision the build records: the commit, never "-dirty" (the tree is exactly the commit's).</summary>
    public sealed class Fixed(string commit) : ISiteRevision
    {
        public string? Of(string siteDirectory, string outputDirectory) => commit;
    }

    /// <summary>git archive of the commit, unpacked by tar into <paramref name="into"/>; null, or what went wrong.</summary>
    private static string? Pipe(string repository, string into, string sha)
    {
        var git = Start("git", ["-C", repository, "archive", "--format=tar", sha], null);
        var tar = Start("tar", ["-x", "-C", into], null, redirectIn: true);
        var copy = git.StandardOutput.BaseStream.CopyToAsync(tar.StandardInput.BaseStream).ContinueWith(_ => tar.StandardInput.Close(), TaskScheduler.Default);
        var gitError = git.StandardError.ReadToEndAsync();
        var tarError = tar.StandardError.ReadToEndAsync();
        git.WaitForExit();
        copy.Wait();
        tar.WaitForExit();
        return git.ExitCode != 0 ? gitError.Result.Trim() : tar.ExitCode != 0 ? "tar: " + tarError.Result.Trim() : null;
    }

    private static (int Code, string Output, string Error) Git(string directory, params string[] arguments)
    {
        try
        {
            using var p = Start("git", arguments, directory);
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output.Result, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, string.Empty, "git: " + e.Message);
        }
    }

    private static Process Start(string program, IReadOnlyList<string> arguments, string? directory, bool redirectIn = false)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectIn,
            WorkingDirectory = directory ?? string.Empty,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }
}
