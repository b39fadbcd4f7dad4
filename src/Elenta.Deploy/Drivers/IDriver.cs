using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Drivers;

/// <summary>How a generation is activated: now only (nixos-rebuild test), now and at boot (switch), or at boot only.</summary>
public enum ActivationMode
{
    Test,
    Switch,
    Boot,
}

/// <summary>One file of a generation: where it goes on the machine, with what owner and mode, and its content's hash.</summary>
public sealed record GenerationFile(string Target, string Sha256, string Owner, string Group, string Mode);

/// <summary>What a machine should run: its files and after-change commands, for the site at a revision. Its <see cref="ContentHash"/> is what plan compares.</summary>
public sealed record DesiredGeneration(string Machine, string Site, string? GitRevision, string ContentHash, IReadOnlyList<GenerationFile> Files, IReadOnlyList<(string Target, string Command)> After, byte[] Bundle);

/// <summary>A generation as a machine reports it.</summary>
public sealed record RunningGeneration(int Number, string? ContentHash, string? GitRevision, string? Time, IReadOnlyDictionary<string, string> Files);

/// <summary>What a machine says it runs (its current and boot generations, which it keeps, whether it is locked), or why it could not be asked.</summary>
public sealed record MachineState(bool Reachable, string? Problem, RunningGeneration? Current, int? Boot, IReadOnlyList<int> Generations, string? LockedBy)
{
    public static MachineState Unreachable(string problem) => new(false, problem, null, null, [], null);

    /// <summary>
    /// The generation a rollback goes to: <paramref name="to"/>, else the newest one before the
    /// current; null when the machine runs none or does not hold it.
    /// </summary>
    public int? RollbackGoal(int? to)
    {
        if (Current is not { } current)
        {
            return null;
        }

        var goal = to ?? Generations.Where(g => g < current.Number).DefaultIfEmpty(0).Max();
        return goal != 0 && Generations.Contains(goal) ? goal : null;
    }
}

/// <summary>What one step on a machine did: success, the lines it printed, the failure; <paramref name="Refused"/>: the machine's lock is someone else's.</summary>
public sealed record StepResult(bool Ok, string Output, string? Failure = null, int? Generation = null, bool Refused = false);

/// <summary>
/// A way of putting a generation on a machine: the files driver (any Linux machine) and the NixOS
/// driver (issue 14) implement it. Build is local; the other steps run on the machine.
/// </summary>
public interface IDriver
{
    string Name { get; }

    /// <summary>Asks the machine what it runs. Never waits for the machine's lock.</summary>
    MachineState Probe(SshTransport ssh, DeployTarget target);

    /// <summary>Takes the machine's lock for <paramref name="holder"/>; when someone holds it, fails naming them.</summary>
    StepResult Lock(SshTransport ssh, DeployTarget target, string holder);

    void Unlock(SshTransport ssh, DeployTarget target, string holder);

    /// <summary>Puts the generation on the machine, not yet active; its number in the result.</summary>
    StepResult Copy(SshTransport ssh, DeployTarget target, DesiredGeneration generation);

    /// <summary>Activates generation <paramref name="number"/>; a failure leaves the previous one in place.</summary>
    StepResult Activate(SshTransport ssh, DeployTarget target, int number, ActivationMode mode);

    /// <summary>Re-activates a generation the machine already holds (the one before current when <paramref name="to"/> is null), now and at boot.</summary>
    StepResult Rollback(SshTransport ssh, DeployTarget target, MachineState state, int? to);
}
