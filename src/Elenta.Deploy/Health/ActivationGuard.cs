using System.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Deploy.Drivers;
using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Health;

/// <summary>
/// How activations are guarded: <see cref="AutoRollback"/> (the default; <c>--no-rollback</c> turns it
/// off) arms the machine to undo an activation the deployer does not confirm, over a fresh ssh
/// connection, within <see cref="ConfirmSeconds"/>, and undoes one whose health checks fail.
/// </summary>
public sealed record RollbackPolicy(bool AutoRollback = true, int ConfirmSeconds = RollbackPolicy.DefaultConfirmSeconds)
{
    public const int DefaultConfirmSeconds = 30;
}

/// <summary>A step's end as a machine outcome: ok, outcome, detail, generation.</summary>
public readonly record struct GuardOutcome(bool Ok, string Outcome, string Detail, int? Generation);

/// <summary>
/// Activation of one machine under guard: the activation itself (armed when the driver can be and
/// rollback is on), then the confirmation through a fresh connection, then the roles' health checks,
/// undoing the generation when one fails.
/// </summary>
public sealed class ActivationGuard(RollbackPolicy options, SshTransport ssh, IDriver driver, DeployTarget target, Action<string> log, Action<string>? progress)
{
    private IGuardedDriver? Guarded => options.AutoRollback ? driver as IGuardedDriver : null;

    public StepResult Activate(int number, ActivationMode mode, string holder) =>
        Guarded is { } g && mode != ActivationMode.Boot
            ? g.ActivateGuarded(ssh, target, number, mode, options.ConfirmSeconds, holder)
            : driver.Activate(ssh, target, number, mode);

    /// <summary>How long an activation in <paramref name="mode"/> waits for its confirmation: 0 when it is not armed.</summary>
    public int ConfirmSecondsFor(ActivationMode mode) => Guarded is not null && mode != ActivationMode.Boot ? options.ConfirmSeconds : 0;

    /// <summary>Whether <see cref="AfterActivation"/> freed the deployer's lock with its confirmation.</summary>
    public bool Released { get; private set; }

    /// <summary>What a failed activation means when the connection was lost during it: the machine may be armed.</summary>
    public string LostDuringActivation(int number, MachineState before) =>
        Guarded is null ? string.Empty
        : $"; if the activation completed, {target.Machine} goes back to {Previous(before)} by itself after {options.ConfirmSeconds} s unconfirmed";

    /// <summary>After a successful activation: null when the machine is confirmed and healthy, else how it ended.</summary>
    /// <remarks>
    /// The confirmation claims <paramref name="holder"/>'s arming only (the holder <see cref="Activate"/>
    /// armed it with). With <paramref name="release"/>, a confirmation that nothing follows (no health
    /// check) frees the holder's lock in the same command, when the driver can (<see cref="IOneStepDriver"/>).
    /// </remarks>
    public GuardOutcome? AfterActivation(int number, MachineState before, IReadOnlyList<RoleHealthCheck> checks, string holder, bool release = false)
    {
        var releasing = checks.Count == 0 && release ? driver as IOneStepDriver : null;
        if (Guarded is { } g)
        {
            progress?.Invoke("confirming over a new connection");
            var clock = Stopwatch.StartNew();
            var window = TimeSpan.FromSeconds(options.ConfirmSeconds);
            StepResult confirmed;
            while (true)
            {
                var timeout = TimeSpan.FromSeconds(Math.Max(1, (window - clock.Elapsed).TotalSeconds));
                confirmed = releasing is null ? g.Confirm(ssh, target, number, timeout, holder) : releasing.ConfirmAndRelease(ssh, target, number, timeout, holder);
                // Not reached: again, while the machine still waits (with a margin for the way back);
                // a machine that has undone the generation already, or whose generation another
                // deployer armed again since, is an answer.
                if (confirmed.Ok || Answered(confirmed) || clock.Elapsed + TimeSpan.FromSeconds(3) >= window)
                {
                    break;
                }

                Thread.Sleep(1000);
            }

            // A confirmation that ran on the machine but whose answer was lost still disarmed it (and
            // came over a new connection); whether it freed the lock as well is not known: the
            // deployer frees it as after any other confirmation.
            var answerLost = !confirmed.Ok && !Answered(confirmed) && g.WasConfirmed(ssh, target, number, holder).Ok;
            log(confirmed.Ok ? $"confirmed generation {number} over a new connection in {clock.Elapsed.TotalSeconds:F1} s"
                : answerLost ? $"confirmed generation {number} over a new connection, though its answer was lost ({confirmed.Failure}): the machine says it was disarmed"
                : $"not confirmed: {confirmed.Failure}");
            Released = confirmed.Ok && releasing is not null;
            confirmed = answerLost ? confirmed with { Ok = true } : confirmed;
            if (!confirmed.Ok && confirmed.Output.Contains(ArmedAgain, StringComparison.Ordinal))
            {
                return new GuardOutcome(false, "failed",
                    $"activated generation {number}, but could not confirm it through a new ssh connection within {options.ConfirmSeconds} s ({confirmed.Failure}): another deployment has armed generation {number} on {target.Machine} again since, and only its own confirmation keeps it (its {FilesDriver.Root}/canary.log says whether the machine undid this one's first)",
                    number);
            }

            if (!confirmed.Ok)
            {
                return new GuardOutcome(false, "failed",
                    $"activated generation {number}, but could not confirm it through a new ssh connection within {options.ConfirmSeconds} s ({confirmed.Failure}): {target.Machine} goes back to {Previous(before)} by itself (its {FilesDriver.Root}/canary.log says when), holding the deploy lock while it does",
                    number);
            }
        }

        if (checks.Count == 0)
        {
            return null;
        }

        progress?.Invoke("health checks");
        var health = HealthChecks.Run(ssh, target, checks, log);
        if (health.Ok)
        {
            return null;
        }

        if (Guarded is not { } guarded)
        {
            return new GuardOutcome(false, "failed", $"{health.Detail}; generation {number} stays active" + (options.AutoRollback ? string.Empty : " (--no-rollback)"), number);
        }

        progress?.Invoke("rolling back");
        var undone = guarded.Undo(ssh, target, number, before);
        log(undone.Output.TrimEnd());
        if (undone.Ok && undone.Output.Contains("it keeps running", StringComparison.Ordinal))
        {
            // A machine already on N, activated again: there was nothing else to go back to.
            return new GuardOutcome(false, "failed", $"{health.Detail}; generation {number} stays active: it ran before it was activated again, so there is nothing to go back to", number);
        }

        return undone.Ok
            ? new GuardOutcome(false, "rolled back", $"{health.Detail}; generation {number} undone: {Previous(before)} runs again", before.Current?.Number)
            : new GuardOutcome(false, "failed", $"{health.Detail}; and undoing generation {number} failed: {undone.Failure}", number);
    }

    /// <summary>What the machine answers a confirmation of an arming that was not the deployer's own: its generation was armed again since, by another.</summary>
    private const string ArmedAgain = "was armed again by";

    /// <summary>Whether a failed confirmation is the machine's answer (no canary any more, or another deployer's), not a connection that never got one.</summary>
    private static bool Answered(StepResult confirmed) =>
        confirmed.Output.Contains("no canary", StringComparison.Ordinal) || confirmed.Output.Contains(ArmedAgain, StringComparison.Ordinal);

    private static string Previous(MachineState before) => before.Current is { } c ? $"generation {c.Number}" : "what its files held before its first generation";
}
