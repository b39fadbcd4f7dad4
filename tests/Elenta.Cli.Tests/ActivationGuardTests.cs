using Elenta.Core.Model;
using Elenta.Deploy;
using Elenta.Deploy.Drivers;
using Elenta.Deploy.Health;
using Elenta.Deploy.Transport;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// How <see cref="ActivationGuard"/> reads a confirmation that failed: the machine is asked whether
/// it was disarmed anyway (the answer lost on the way back), and only a machine that was not is
/// reported as going back by itself. The driver here answers as told; the scripts' own side is in
/// <see cref="FilesDriverScriptTests"/>.
/// </summary>
public sealed class ActivationGuardTests : IDisposable
{
    private readonly SshTransport ssh = new(new SshOptions("/dev/null"));
    private readonly DeployTarget target = new("ozma", "ozma.canon.test", "127.0.0.1", 22, "root", DriverKind.Files);
    private readonly MachineState before = new(true, null, new RunningGeneration(1, null, null, null, new Dictionary<string, string>()), 1, [1], null);
    private readonly List<string> log = [];

    public void Dispose() => ssh.Dispose();

    [Fact]
    public void AConfirmationWhoseAnswerWasLostButReachedTheMachineCountsAsConfirmed()
    {
        var driver = new Driver(wasConfirmed: true);
        var guard = new ActivationGuard(new RollbackPolicy(true, 4), ssh, driver, target, log.Add, null);

        Assert.Null(guard.AfterActivation(2, before, [], holder: "me", release: true));
        Assert.True(driver.Confirms >= 1);
        Assert.Equal(1, driver.Asked);
        Assert.Contains(log, l => l.Contains("though its answer was lost", StringComparison.Ordinal));
        Assert.All(driver.Holders, h => Assert.Equal("me", h)); // the deployer's own arming, confirmed and asked about
        // Whether the lost confirmation also freed the lock is not known: the deployer frees it.
        Assert.False(guard.Released);
    }

    [Fact]
    public void AConfirmationThatNeverReachedTheMachineIsReportedAsGoingBack()
    {
        var driver = new Driver(wasConfirmed: false);
        var guard = new ActivationGuard(new RollbackPolicy(true, 4), ssh, driver, target, log.Add, null);

        var outcome = guard.AfterActivation(2, before, [], holder: "me", release: true);
        Assert.NotNull(outcome);
        Assert.Equal("failed", outcome.Value.Outcome);
        Assert.Contains("goes back to generation 1 by itself", outcome.Value.Detail, StringComparison.Ordinal);
        Assert.Equal(1, driver.Asked);
        Assert.False(guard.Released);
    }

    [Fact]
    public void AMachineThatHasUndoneTheGenerationIsNotAskedAgain()
    {
        var driver = new Driver(wasConfirmed: true, answer: "no canary for generation 2: the machine has undone it already");
        var guard = new ActivationGuard(new RollbackPolicy(true, 4), ssh, driver, target, log.Add, null);

        Assert.Equal("failed", guard.AfterActivation(2, before, [], holder: "me", release: true)!.Value.Outcome);
        Assert.Equal(0, driver.Asked);
    }

    [Fact]
    public void AGenerationArmedAgainByAnotherDeployerIsAnAnswerNotAConfirmation()
    {
        // The machine undid this deployer's arming, and another deployer armed generation 2 again:
        // the confirmation is refused at once, not tried again, and the machine is not asked whether
        // it was confirmed (that other arming's confirmation is no answer to this one).
        var driver = new Driver(wasConfirmed: true, answer: "generation 2 was armed again by bob since 10:00: not confirmed");
        var guard = new ActivationGuard(new RollbackPolicy(true, 4), ssh, driver, target, log.Add, null);

        var outcome = guard.AfterActivation(2, before, [], holder: "me", release: true)!.Value;
        Assert.Equal(("failed", 2), (outcome.Outcome, outcome.Generation));
        Assert.Contains("(generation 2 was armed again by bob since 10:00: not confirmed): another deployment has armed generation 2 on ozma again since", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal((1, 0), (driver.Confirms, driver.Asked));
        Assert.Equal(["me"], driver.Holders);
        Assert.False(guard.Released);
    }

    [Fact]
    public void AFailedCheckOfAGenerationThatRanBeforeItsActivationIsReportedAsKept()
    {
        // A port nothing listens on, on loopback: the TCP check fails at once.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var check = new Elenta.Core.Semantics.RoleHealthCheck("web", new HealthCheck(null!, HealthProbe.Tcp, null, port, "/", null, 1, 1));
        var driver = new Driver(wasConfirmed: false, confirms: true, undo: "generation 2 ran before it was activated again: it keeps running");
        var guard = new ActivationGuard(new RollbackPolicy(true, 4), ssh, driver, target, log.Add, null);

        var outcome = guard.AfterActivation(2, before, [check], holder: "me", release: true)!.Value;
        Assert.Equal(("failed", 2), (outcome.Outcome, outcome.Generation));
        Assert.EndsWith("generation 2 stays active: it ran before it was activated again, so there is nothing to go back to", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(1, driver.Undone);
    }

    /// <summary>A driver whose confirmations fail with <c>answer</c> (or pass), which says whether one reached the machine, and undoes with <c>undo</c>'s answer.</summary>
    private sealed class Driver(bool wasConfirmed, string answer = "", bool confirms = false, string undo = "") : IDriver, IGuardedDriver, IOneStepDriver
    {
        public int Undone { get; private set; }

        public int Confirms { get; private set; }

        public int Asked { get; private set; }

        public string Name => "test";

        /// <summary>The holders the confirmations and the questions were sent for.</summary>
        public List<string> Holders { get; } = [];

        public StepResult ConfirmAndRelease(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder) => Confirm(ssh, target, number, timeout, holder);

        public StepResult Confirm(SshTransport ssh, DeployTarget target, int number, TimeSpan timeout, string holder)
        {
            Confirms++;
            Holders.Add(holder);
            return confirms ? new StepResult(true, $"confirmed {number}", null, number) : new StepResult(false, answer, answer.Length > 0 ? answer : "Connection to ozma closed by remote host.", number);
        }

        public StepResult WasConfirmed(SshTransport ssh, DeployTarget target, int number, string holder)
        {
            Asked++;
            Holders.Add(holder);
            return new StepResult(wasConfirmed, wasConfirmed ? $"confirmed {number}" : $"generation {number} is not confirmed", null, number);
        }

        public MachineState Probe(SshTransport ssh, DeployTarget target) => throw new NotSupportedException();

        public StepResult Lock(SshTransport ssh, DeployTarget target, string holder) => throw new NotSupportedException();

        public void Unlock(SshTransport ssh, DeployTarget target, string holder) => throw new NotSupportedException();

        public StepResult Copy(SshTransport ssh, DeployTarget target, DesiredGeneration generation) => throw new NotSupportedException();

        public StepResult Activate(SshTransport ssh, DeployTarget target, int number, ActivationMode mode) => throw new NotSupportedException();

        public StepResult Rollback(SshTransport ssh, DeployTarget target, MachineState state, int? to) => throw new NotSupportedException();

        public StepResult ActivateGuarded(SshTransport ssh, DeployTarget target, int number, ActivationMode mode, int confirmSeconds, string holder) => throw new NotSupportedException();

        public StepResult Undo(SshTransport ssh, DeployTarget target, int number, MachineState before)
        {
            Undone++;
            return new StepResult(true, undo, null, number);
        }

        public StepResult Install(SshTransport ssh, DeployTarget target, DesiredGeneration generation, ActivationMode mode, int confirmSeconds, string holder, bool release) => throw new NotSupportedException();
    }
}
