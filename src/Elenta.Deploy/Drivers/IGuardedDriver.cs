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

    /// <summary>Disarms generation <paramref name="number"/>'s guard over a fresh connection (never the master); fails when the machine could not be reached in <paramref name="timeout"/> or has undone it already.</summary>
    StepResult Confirm(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout);

    /// <summary>Undoes generation <paramref name="number"/>: the machine runs and boots again what <paramref name="before"/> says it did (on a first generation, what its files held before).</summary>
    StepResult Undo(SshTransport ssh, DeployTarget target, int number, MachineState before);
}
