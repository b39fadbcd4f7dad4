using System.Diagnostics;
using Elenta.Deploy.Drivers;

namespace Elenta.Deploy;

/// <summary>Where a machine stands against what the site compiles to now.</summary>
public enum MachineStatus
{
    UpToDate,

    /// <summary>It runs no generation yet.</summary>
    New,

    /// <summary>It runs an older revision of the site (or the same revision with other content): deploying brings it up to date.</summary>
    Behind,

    /// <summary>It runs a revision that comes after the site's.</summary>
    Ahead,

    /// <summary>Its revision and the site's have each moved on from a common one.</summary>
    Diverged,

    Unreachable,

    /// <summary>Its driver cannot do this yet (nixos: issue 14).</summary>
    Unsupported,
}

/// <summary>One file that differs: added, changed or removed on the machine.</summary>
public sealed record FileChange(string Kind, string Target);

/// <summary>One machine's line of a plan.</summary>
public sealed record PlanEntry(DeployTarget Target, MachineStatus Status, string Detail, IReadOnlyList<FileChange> Files, MachineState? State, DesiredGeneration? Desired)
{
    public bool HasChanges => Status is MachineStatus.New or MachineStatus.Behind or MachineStatus.Ahead or MachineStatus.Diverged;
}

/// <summary>Whether one revision of the site comes before another (git, in the site's repository).</summary>
public interface IRevisionOrder
{
    /// <summary>True when <paramref name="ancestor"/> is an ancestor of <paramref name="descendant"/>; null when it cannot be told.</summary>
    bool? IsAncestor(string ancestor, string descendant);
}

/// <summary>git merge-base --is-ancestor, in the site's directory.</summary>
public sealed class GitRevisionOrder(string siteDirectory) : IRevisionOrder
{
    public bool? IsAncestor(string ancestor, string descendant)
    {
        var info = new ProcessStartInfo("git", ["-C", siteDirectory, "merge-base", "--is-ancestor", Clean(ancestor), Clean(descendant)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var p = Process.Start(info)!;
            p.WaitForExit();
            return p.ExitCode switch { 0 => true, 1 => false, _ => null };
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Clean(string revision) => revision.EndsWith("-dirty", StringComparison.Ordinal) ? revision[..^"-dirty".Length] : revision;
}

/// <summary>Compares what a machine runs with what it should run.</summary>
public static class Planner
{
    public static PlanEntry Compare(DeployTarget target, MachineState state, DesiredGeneration desired, IRevisionOrder? order)
    {
        if (!state.Reachable)
        {
            return new PlanEntry(target, MachineStatus.Unreachable, state.Problem ?? "unreachable", [], state, desired);
        }

        if (state.Current is not { } current)
        {
            return new PlanEntry(target, MachineStatus.New, $"runs no generation; {desired.Files.Count} files to install", desired.Files.Select(f => new FileChange("add", f.Target)).ToList(), state, desired);
        }

        var files = Diff(current, desired);
        if (current.ContentHash == desired.ContentHash)
        {
            var boot = state.Boot == current.Number ? string.Empty : $"; boot default is generation {state.Boot?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
            return new PlanEntry(target, MachineStatus.UpToDate, $"generation {current.Number} is up to date{boot}", [], state, desired);
        }

        var status = MachineStatus.Behind;
        if (current.GitRevision is { } theirs && desired.GitRevision is { } ours && theirs != ours && order is not null)
        {
            status = order.IsAncestor(theirs, ours) switch
            {
                true => MachineStatus.Behind,
                false => order.IsAncestor(ours, theirs) == true ? MachineStatus.Ahead : MachineStatus.Diverged,
                null => MachineStatus.Behind,
            };
        }

        var summary = $"generation {current.Number} ({current.GitRevision ?? "no revision"}): {files.Count(f => f.Kind == "change")} changed, {files.Count(f => f.Kind == "add")} added, {files.Count(f => f.Kind == "remove")} removed";
        return new PlanEntry(target, status, summary, files, state, desired);
    }

    private static List<FileChange> Diff(RunningGeneration current, DesiredGeneration desired)
    {
        var changes = new List<FileChange>();
        var wanted = desired.Files.ToDictionary(f => f.Target, f => f.Sha256, StringComparer.Ordinal);
        foreach (var (target, sha) in wanted.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (!current.Files.TryGetValue(target, out var theirs))
            {
                changes.Add(new FileChange("add", target));
            }
            else if (theirs != sha)
            {
                changes.Add(new FileChange("change", target));
            }
        }

        changes.AddRange(current.Files.Keys.Where(t => !wanted.ContainsKey(t)).Order(StringComparer.Ordinal).Select(t => new FileChange("remove", t)));
        return changes;
    }
}
