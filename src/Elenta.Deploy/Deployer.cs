using System.Diagnostics;
using System.Globalization;
using Elenta.Core.Emit;
using Elenta.Core.Semantics;
using Elenta.Deploy.Drivers;
using Elenta.Deploy.Health;
using Elenta.Deploy.State;
using Elenta.Deploy.Transport;

namespace Elenta.Deploy;

/// <summary>What a command did on one machine.</summary>
public sealed record MachineOutcome(DeployTarget Target, bool Ok, string Outcome, string Detail, int? Generation, double Seconds, string? Log);

/// <summary>Everything a plan, deploy or rollback needs: the build, the way to the machines, the journal.</summary>
public sealed record DeploySession(string SiteDirectory, string BuildDirectory, Manifest Manifest, SshOptions Ssh, IJournal Journal, string LogDirectory)
{
    /// <summary>Who deploys (the lock's holder names them, and since when).</summary>
    public string Operator { get; init; } = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId}";

    public int Parallel { get; init; } = Math.Max(4, Environment.ProcessorCount * 4);

    public IRevisionOrder? Revisions { get; init; }

    /// <summary>Told of each machine's progress: machine, what it is doing now.</summary>
    public Action<string, string>? Progress { get; init; }

    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The roles' backup and restore commands, health checks and deploy order, per machine (none when null).</summary>
    public DeployHooks? Hooks { get; init; }

    /// <summary>Automatic rollback: the confirmation window, and whether it is on (<c>--no-rollback</c>).</summary>
    public RollbackPolicy RollbackPolicy { get; init; } = new();

    /// <summary><c>--build-host</c>: the machine NixOS systems are built on (null: here).</summary>
    public DeployTarget? BuildHost { get; init; }
}

/// <summary>
/// Runs plan, deploy/switch/boot and rollback over the targeted machines, at most
/// <see cref="DeploySession.Parallel"/> at a time; a machine that fails does not stop the others.
/// Each machine's steps go to its log under .elenta/logs/, and its outcome to the journal.
/// One deployer keeps one master connection per machine for all it does (a survey, then the
/// deployment of what it found): dispose it to close them.
/// </summary>
public sealed class Deployer(DeploySession session) : IDisposable
{
    private readonly FilesDriver files = new();
    private readonly NixosDriver nixos = new() { BuildHost = session.BuildHost };
    private readonly Lazy<SshTransport> transport = new(() => new SshTransport(session.Ssh));

    private SshTransport Ssh => transport.Value;

    private bool disposed;

    /// <summary>Closes the master connections (once; again is nothing).</summary>
    public void Dispose()
    {
        if (transport.IsValueCreated && !disposed)
        {
            disposed = true;
            transport.Value.Dispose();
        }
    }

    private IDriver? DriverOf(DeployTarget target) => target.Driver switch
    {
        Elenta.Core.Model.DriverKind.Files => files,
        Elenta.Core.Model.DriverKind.Nixos => nixos,
        _ => null,
    };

    private static string Unsupported(DeployTarget target) => $"driver '{target.Driver.ToString().ToLowerInvariant()}' cannot be deployed";

    /// <summary>Each machine's line of the plan, recorded in the journal.</summary>
    public IReadOnlyList<PlanEntry> Plan(IReadOnlyList<DeployTarget> targets) =>
        ForEach(BuiltTogether(targets), target =>
        {
            var clock = Stopwatch.StartNew();
            var entry = PlanOne(Ssh, target);
            session.Journal.Record(new JournalEntry(DateTimeOffset.UtcNow, "plan", target.Machine, Planner.Name(entry.Status), entry.State?.Current?.Number,
                entry.State?.Current?.ContentHash, entry.State?.Current?.GitRevision, clock.Elapsed.TotalSeconds, entry.Detail, session.Operator));
            session.Progress?.Invoke(target.Machine, Planner.Name(entry.Status));
            return entry;
        });

    /// <summary>
    /// Each machine's line of the plan, not journaled: what a deployment asks first, so that the
    /// whole change can be judged (the too-much-change guard, a saved plan) before any machine is touched.
    /// </summary>
    public IReadOnlyList<PlanEntry> Survey(IReadOnlyList<DeployTarget> targets) => ForEach(BuiltTogether(targets), target => PlanOne(Ssh, target));

    /// <summary>The targets, once the NixOS ones' systems are built in one go (<see cref="NixosDriver.BuildTogether"/>).</summary>
    private IReadOnlyList<DeployTarget> BuiltTogether(IReadOnlyList<DeployTarget> targets) => nixos.BuildTogether(session.Manifest, session.SiteDirectory, session.BuildDirectory, targets);

    private PlanEntry PlanOne(SshTransport ssh, DeployTarget target)
    {
        if (DriverOf(target) is not { } driver)
        {
            return new PlanEntry(target, MachineStatus.Unsupported, Unsupported(target), [], null, null);
        }

        if (driver == nixos)
        {
            session.Progress?.Invoke(target.Machine, "building");
        }

        var (desired, problem) = driver == nixos
            ? nixos.Build(ssh, session.Manifest, session.SiteDirectory, session.BuildDirectory, target)
            : FilesDriver.Build(session.Manifest, session.BuildDirectory, target.Machine, session.Now);
        if (desired is null)
        {
            return new PlanEntry(target, MachineStatus.Unsupported, problem!, [], null, null);
        }

        session.Progress?.Invoke(target.Machine, "probing");
        var entry = Planner.Compare(target, driver.Probe(ssh, target), desired, session.Revisions);
        return driver == nixos && entry.Status != MachineStatus.Unreachable ? entry with { Detail = NixosDriver.Describe(entry) } : entry;
    }

    /// <summary>deploy (test), switch or boot: each machine brought to what the site compiles to now.</summary>
    public IReadOnlyList<MachineOutcome> Apply(IReadOnlyList<DeployTarget> targets, ActivationMode mode, bool dryRun) => Apply(Survey(targets), mode, dryRun);

    /// <summary>deploy (test), switch or boot of machines already surveyed (<see cref="Survey"/>): each brought to its entry's desired generation.</summary>
    public IReadOnlyList<MachineOutcome> Apply(IReadOnlyList<PlanEntry> entries, ActivationMode mode, bool dryRun)
    {
        var ssh = Ssh;
        var command = SavedPlan.CommandOf(mode);
        var targets = entries.Select(e => e.Target).ToList();
        var byMachine = entries.ToDictionary(e => e.Target.Machine, StringComparer.Ordinal);
        MachineOutcome HeldBack(DeployTarget target, IReadOnlyList<string> failed) =>
            Logged(target, command, _ => (false, "not started", $"it comes after {string.Join(", ", failed)}, which did not succeed", null));
        return DeployOrder.Run(targets, session.Parallel, HooksOf, HeldBack, target => Logged(target, command, log =>
        {
            var plan = byMachine[target.Machine];
            log($"plan: {plan.Status}: {plan.Detail}");
            foreach (var f in plan.Files)
            {
                log($"  {f.Kind} {f.Target}");
            }

            if (plan.Status is MachineStatus.Unsupported or MachineStatus.Unreachable)
            {
                // A NixOS system that does not build is a failure of that machine, not a skip.
                var outcome = plan.Status == MachineStatus.Unreachable ? "unreachable" : DriverOf(target) == nixos ? "failed" : "skipped";
                return (false, outcome, plan.Detail, null);
            }

            var driver = DriverOf(target)!;
            var state = plan.State!;
            var bootCurrent = state.Current is { } c && state.Boot == c.Number;
            if (plan.Status == MachineStatus.UpToDate && (mode == ActivationMode.Test || bootCurrent))
            {
                return (true, "up to date", plan.Detail, state.Current!.Number);
            }

            if (dryRun)
            {
                var would = plan.Status == MachineStatus.UpToDate ? $"would make generation {state.Current!.Number} the boot default" : $"would install: {plan.Detail}";
                return (true, "dry run", would, state.Current?.Number);
            }

            var hooks = HooksOf(target.Machine);
            var activeMode = plan.Status == MachineStatus.UpToDate ? ActivationMode.Boot : mode;
            var stays = state.Current is { } prev ? $"; generation {prev.Number} stays in place" : string.Empty;
            var guard = new ActivationGuard(session.RollbackPolicy, ssh, driver, target, log, step => session.Progress?.Invoke(target.Machine, step));
            var backups = activeMode != ActivationMode.Boot && hooks.Backup.Count > 0;
            // Nothing that needs the lock after the activation: no confirmation, no health check.
            var lastStep = guard.ConfirmSecondsFor(activeMode) == 0 && (activeMode == ActivationMode.Boot || hooks.Health.Count == 0);
            var locked = false;
            var released = false;
            try
            {
                int number;
                StepResult activated;
                if (plan.Status != MachineStatus.UpToDate && !backups && driver is IOneStepDriver oneStep)
                {
                    // Lock, copy and activation in one command on the machine.
                    session.Progress?.Invoke(target.Machine, "installing");
                    activated = oneStep.Install(ssh, target, plan.Desired!, activeMode, guard.ConfirmSecondsFor(activeMode), Holder(), release: lastStep);
                    log(activated.Output.TrimEnd());
                    if (activated.Refused)
                    {
                        return (false, "refused", activated.Failure!, null);
                    }

                    locked = true;
                    released = lastStep;
                    if (activated.Generation is not { } staged)
                    {
                        return (false, "failed", activated.Failure!, null);
                    }

                    number = staged;
                }
                else
                {
                    session.Progress?.Invoke(target.Machine, "locking");
                    var taken = driver.Lock(ssh, target, Holder());
                    if (!taken.Ok)
                    {
                        return (false, "refused", taken.Failure!, null);
                    }

                    locked = true;
                    if (plan.Status == MachineStatus.UpToDate)
                    {
                        number = state.Current!.Number;
                    }
                    else
                    {
                        session.Progress?.Invoke(target.Machine, "copying");
                        var copied = driver.Copy(ssh, target, plan.Desired!);
                        log(copied.Output.TrimEnd());
                        if (!copied.Ok)
                        {
                            return (false, "failed", copied.Failure!, null);
                        }

                        number = copied.Generation!.Value;
                    }

                    if (backups)
                    {
                        session.Progress?.Invoke(target.Machine, "backup");
                        var backup = Hooks.Run(ssh, target, "backup", hooks.Backup, log);
                        if (!backup.Ok)
                        {
                            return (false, "failed", backup.Failure! + $"; generation {number} not activated" + stays, number);
                        }
                    }

                    session.Progress?.Invoke(target.Machine, $"activating generation {number}");
                    activated = guard.Activate(number, activeMode, Holder());
                    log(activated.Output.TrimEnd());
                }

                var warnings = activated.Output.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
                if (!activated.Ok)
                {
                    return (false, "failed", activated.Failure! + (activated.Failure!.Contains("lost the connection", StringComparison.Ordinal) ? guard.LostDuringActivation(number, state) : stays), number);
                }

                if (activeMode != ActivationMode.Boot && guard.AfterActivation(number, state, hooks.Health, Holder(), release: !released) is { } guarded)
                {
                    return (guarded.Ok, guarded.Outcome, string.Join("; ", [.. warnings, guarded.Detail]), guarded.Generation);
                }

                return (true, mode == ActivationMode.Boot || activeMode == ActivationMode.Boot ? $"boot generation {number}" : $"activated generation {number}", string.Join("; ", warnings), number);
            }
            finally
            {
                if (locked && !released && !guard.Released)
                {
                    driver.Unlock(ssh, target, Holder());
                }
            }
        }));
    }

    /// <summary>Re-activates a generation the machine holds (the previous one by default), now and at boot.</summary>
    /// <remarks>With <paramref name="restore"/>, the restore commands of the machine's roles run once the generation is active again.</remarks>
    public IReadOnlyList<MachineOutcome> Rollback(IReadOnlyList<DeployTarget> targets, int? to, bool restore = false)
    {
        var ssh = Ssh;
        return ForEach(targets, target => Logged(target, "rollback", log =>
        {
            if (DriverOf(target) is not { } driver)
            {
                return (false, "skipped", Unsupported(target), null);
            }

            var state = driver.Probe(ssh, target);
            if (!state.Reachable)
            {
                return (false, "unreachable", state.Problem!, null);
            }

            var locked = driver.Lock(ssh, target, Holder());
            if (!locked.Ok)
            {
                return (false, "refused", locked.Failure!, null);
            }

            try
            {
                session.Progress?.Invoke(target.Machine, "rolling back");
                var result = driver.Rollback(ssh, target, state, to);
                log(result.Output.TrimEnd());
                if (!result.Ok)
                {
                    return (false, "failed", result.Failure!, result.Generation);
                }

                var restored = string.Empty;
                if (restore && HooksOf(target.Machine).Restore is { Count: > 0 } commands)
                {
                    session.Progress?.Invoke(target.Machine, "restoring");
                    var ran = Hooks.Run(ssh, target, "restore", commands, log);
                    if (!ran.Ok)
                    {
                        return (false, "failed", $"rolled back to generation {result.Generation} from {state.Current!.Number}, but {ran.Failure}", result.Generation);
                    }

                    restored = $"; {commands.Count} restore commands ran";
                }

                return (true, $"rolled back to generation {result.Generation}", $"from generation {state.Current!.Number}" + restored, result.Generation);
            }
            finally
            {
                driver.Unlock(ssh, target, Holder());
            }
        }));
    }

    private string? holder;

    private MachineHooks HooksOf(string machine) => session.Hooks?.For(machine) ?? MachineHooks.None(machine);

    /// <summary>The lock's holder: who, and since when (one value for the whole command, so that unlock matches).</summary>
    private string Holder() => holder ??= $"{session.Operator} since {session.Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";

    private MachineOutcome Logged(DeployTarget target, string command, Func<Action<string>, (bool Ok, string Outcome, string Detail, int? Generation)> work)
    {
        Directory.CreateDirectory(session.LogDirectory);
        var logPath = Path.Combine(session.LogDirectory, $"{session.Now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{command}-{target.Machine}.log");
        var clock = Stopwatch.StartNew();
        using var log = new StreamWriter(logPath);
        log.WriteLine($"{command} {target.Machine} ({target.CanonName} at {target.Address}, driver {target.Driver.ToString().ToLowerInvariant()}) by {session.Operator}");
        (bool Ok, string Outcome, string Detail, int? Generation) result;
        try
        {
            result = work(line => log.WriteLine(line));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            result = (false, "failed", e.Message, null);
        }

        log.WriteLine($"{result.Outcome}: {result.Detail} ({clock.Elapsed.TotalSeconds:F1} s)");
        session.Journal.Record(new JournalEntry(DateTimeOffset.UtcNow, command, target.Machine, result.Outcome, result.Generation, null, session.Manifest.GitRevision,
            clock.Elapsed.TotalSeconds, result.Detail, session.Operator));
        session.Progress?.Invoke(target.Machine, result.Ok ? "done: " + result.Outcome : "FAILED: " + result.Outcome);
        return new MachineOutcome(target, result.Ok, result.Outcome, result.Detail, result.Generation, clock.Elapsed.TotalSeconds, logPath);
    }

    /// <summary>The work of each machine, on at most Parallel threads of their own (<see cref="OnThreads"/>).</summary>
    private List<T> ForEach<T>(IReadOnlyList<DeployTarget> targets, Func<DeployTarget, T> work) =>
        [.. OnThreads.Map(targets, Math.Max(1, session.Parallel), work)];
}
