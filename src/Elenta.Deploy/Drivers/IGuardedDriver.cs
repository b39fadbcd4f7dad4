using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Drivers;

/// <summary>
/// A driver whose activations can be guarded (deploy-rs's "magic rollback"): the machine undoes an
/// activation by itself unless the deployer confirms, over a new connection and in time, that it
/// can still reach it; and the deployer can undo one it has confirmed (a failed health check).
/// </summary>
public interface IGuardedDriver
{
    /// <summary>
    /// Activates generation <paramref name="number"/> as <see cref="IDriver.Activate"/> does, then arms
    /// the machine: unless <see cref="Confirm"/> comes within <paramref name="confirmSeconds"/>, it
    /// goes back to what <paramref name="before"/> ran and booted, and frees <paramref name="holder"/>'s lock.
    /// </summary>
    StepResult ActivateGuarded(SshTransport ssh, DeployTarget target, int number, ActivationMode mode, int confirmSeconds, string holder);

    /// <summary>
    /// Disarms generation <paramref name="number"/>'s guard over a fresh connection (never the master),
    /// when its arming was <paramref name="holder"/>'s (<see cref="ActivateGuarded"/>); fails when the
    /// machine could not be reached in <paramref name="timeout"/>, has undone it already, or it was
    /// armed again since by another deployer (whose arming only that deployer's own connection confirms).
    /// </summary>
    StepResult Confirm(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder);

    /// <summary>
    /// Whether a <see cref="Confirm"/> of generation <paramref name="number"/>'s last arming, <paramref name="holder"/>'s,
    /// reached the machine (asked over the master connection, changing nothing): a confirmation whose
    /// answer was lost on the way back still disarmed it. An arming of another deployer's is not.
    /// </summary>
    StepResult WasConfirmed(SshTransport ssh, DeployTarget target, int number, string holder);

    /// <summary>Undoes generation <paramref name="number"/>: the machine runs and boots again what <paramref name="before"/> says it did (on a first generation, what its files held before).</summary>
    StepResult Undo(SshTransport ssh, DeployTarget target, int number, MachineState before);
}

/// <summary>
/// A driver that can do a deployment's work on a machine in as few commands as the work allows:
/// starting processes (ssh's, and the machine's) is most of what deploying to many machines at once
/// costs. Used when no backup command has to run between the copy and the activation.
/// </summary>
public interface IOneStepDriver
{
    /// <summary>
    /// Takes the lock for <paramref name="holder"/>, puts the generation on the machine and activates
    /// it (armed as <see cref="IGuardedDriver.ActivateGuarded"/> does when <paramref name="confirmSeconds"/>
    /// is over 0), in one command; <paramref name="release"/>: frees the lock at the end, whatever
    /// happened. The result's generation is null when nothing was staged; <see cref="StepResult.Refused"/>
    /// when someone else holds the lock.
    /// </summary>
    StepResult Install(SshTransport ssh, DeployTarget target, DesiredGeneration generation, ActivationMode mode, int confirmSeconds, string holder, bool release);

    /// <summary><see cref="IGuardedDriver.Confirm"/>, then frees <paramref name="holder"/>'s lock, in the same command.</summary>
    StepResult ConfirmAndRelease(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder);
}
