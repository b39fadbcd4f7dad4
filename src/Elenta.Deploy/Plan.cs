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
    /// <summary>What deploy (test), switch or boot would do to the machine of <paramref name="entry"/>.</summary>
    public static PlannedAction Action(PlanEntry entry, ActivationMode mode) =>
        entry.HasChanges ? PlannedAction.Install
        : entry.Status == MachineStatus.UpToDate && mode != ActivationMode.Test && entry.State?.Boot != entry.State?.Current?.Number ? PlannedAction.Boot
        : PlannedAction.None;

    /// <summary>
    /// Why a machine may not go ahead as a saved plan said, or null: its desired generation is not
    /// what the site compiles to now, or it runs something else than when planned.
    /// </summary>
    public static string? Drift(PlannedMachine planned, PlanEntry now)
    {
        if (now.Status == MachineStatus.Unreachable)
        {
            return now.Detail;
        }

        if (now.Desired?.ContentHash != planned.DesiredContentHash)
        {
            return $"the site compiles to other content for it than when planned ({Short(planned.DesiredContentHash)} then, {Short(now.Desired?.ContentHash)} now): make a new plan";
        }

        var current = now.State?.Current;
        if (current?.Number != planned.Generation || current?.ContentHash != planned.ContentHash)
        {
            static string Of(int? n) => n is { } g ? $"generation {g}" : "no generation";
            return $"changed since the plan: it ran {Of(planned.Generation)} ({Short(planned.ContentHash)}), it runs {Of(current?.Number)} ({Short(current?.ContentHash)}) now: make a new plan";
        }

        return null;
    }

    private static string Short(string? hash) => hash is null ? "none" : hash.Length > 12 ? hash[..12] : hash;

    /// <summary>A status as plan, its JSON and the journal write it: "up-to-date", "behind", ...</summary>
    public static string Name(MachineStatus status) => status switch
    {
        MachineStatus.UpToDate => "up-to-date",
        _ => status.ToString().ToLowerInvariant(),
    };

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

/// <summary>What a deployment will do to a machine: install a generation (and activate it, as the mode says), only move the boot default, or nothing.</summary>
public enum PlannedAction
{
    None,
    Install,
    Boot,
}

/// <summary>One machine of a saved plan: what it ran when planned, what it was to get, and the action.</summary>
public sealed record PlannedMachine(string Machine, string Status, PlannedAction Action, int? Generation, string? ContentHash, string? DesiredContentHash);

/// <summary>
/// A saved plan (<c>elenta plan --out FILE</c>): the site, the revision it was built at, the command
/// it is for, and each machine's action. <c>elenta apply FILE</c> runs exactly those actions, and
/// refuses a machine that changed since, or whose desired generation is no longer what the site compiles to.
/// </summary>
public sealed record SavedPlan(string SiteDirectory, string? Rev, bool NoDns, ActivationMode For, IReadOnlyList<PlannedMachine> Machines)
{
    /// <summary>The plan's <c>--config</c>: the flake configuration its one NixOS machine was planned with.</summary>
    public string? Config { get; init; }

    /// <summary>The plan's <c>--build-host</c>: where its NixOS systems were built, and are built again by apply.</summary>
    public string? BuildHost { get; init; }

    public const int FormatVersion = 1;

    /// <summary>The command a mode is: deploy, switch, boot.</summary>
    public static string CommandOf(ActivationMode mode) => mode switch { ActivationMode.Test => "deploy", ActivationMode.Switch => "switch", _ => "boot" };

    /// <summary>The mode of a command's name (<see cref="CommandOf"/> backwards); null for another name.</summary>
    public static ActivationMode? ModeOf(string? command) => command switch
    {
        "deploy" => ActivationMode.Test,
        "switch" => ActivationMode.Switch,
        "boot" => ActivationMode.Boot,
        _ => null,
    };

    public static string ActionName(PlannedAction action) => action.ToString().ToLowerInvariant();

    /// <summary>Reads a plan that <c>elenta plan --out</c> (or <c>--format json</c>) wrote; the problem when it is not one.</summary>
    public static (SavedPlan? Plan, string? Problem) Read(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("elentaPlan", out var version) || version.GetInt32() != FormatVersion)
            {
                return (null, $"not a plan of this elenta (no \"elentaPlan\": {FormatVersion}); write one with `elenta plan --out FILE`");
            }

            var command = root.GetProperty("for").GetString();
            var mode = ModeOf(command) ?? throw new FormatException($"\"for\": \"{command}\" is none of deploy, switch, boot");
            var machines = root.GetProperty("machines").EnumerateArray().Select(m => new PlannedMachine(
                m.GetProperty("machine").GetString()!,
                m.GetProperty("status").GetString()!,
                Enum.Parse<PlannedAction>(m.GetProperty("action").GetString()!, ignoreCase: true),
                m.GetProperty("generation").ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetProperty("generation").GetInt32() : null,
                m.GetProperty("contentHash").GetString(),
                m.GetProperty("desiredContentHash").GetString())).ToList();
            return (new SavedPlan(root.GetProperty("siteDirectory").GetString()!, root.GetProperty("rev").GetString(), root.GetProperty("noDns").GetBoolean(), mode, machines)
            {
                Config = root.TryGetProperty("config", out var config) ? config.GetString() : null,
                BuildHost = root.TryGetProperty("buildHost", out var buildHost) ? buildHost.GetString() : null,
            }, null);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return (null, $"not a readable plan ({e.Message}); write one with `elenta plan --out FILE`");
        }
    }
}
