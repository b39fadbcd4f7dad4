using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Elenta.Sim;

/// <summary>What <c>sim status</c> reports about one lab.</summary>
public sealed record LabStatus(string Lab, bool Complete, int Namespaces, int NamespacesAlive, int Machines, int MachinesRunning);

/// <summary>
/// A lab on this machine: the site's networks as bridges in a namespace of their own, each machine
/// as a network namespace (plus mount and UTS namespaces held by one process) wired to its networks'
/// bridges by veth pairs. Nothing is made in the machine's own (root) network namespace: the lab has
/// no link, route or rule there, so no lab packet can leave it. Every object is recorded in the
/// <see cref="LabJournal"/> before it is made, and <see cref="Down"/> removes exactly those.
/// </summary>
public sealed class Lab(string name, string? stateRoot = null, string? runRoot = null)
{
    public const string DefaultRunRoot = "/run/elenta/sim";

    public string Name { get; } = Names.IsValidLab(name) ? name : throw new LabException($"'{name}' is not a lab name: use at most 20 lowercase letters, digits and '-' (not first, not last, never two together)");

    private LabJournal Journal => LabJournal.For(Name, stateRoot);

    /// <summary>Each machine's private directories (/etc and /var layers, /root, /srv): under /run, so a reboot clears them.</summary>
    public string RunDirectory => Path.Combine(runRoot ?? DefaultRunRoot, Name);

    public string MachineDirectory(string machine) => Path.Combine(RunDirectory, "machines", machine);

    public static void RequireRoot()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new LabException("elenta sim runs on Linux only: it builds the lab from network namespaces");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new LabException("elenta sim needs root: it creates network namespaces, bridges and mounts (run it with sudo)");
        }
    }

    /// <summary>Whether a journal says the lab (or what is left of it) is on this machine.</summary>
    public bool Exists => Journal.Exists;

    /// <summary>Brings the lab up. Refuses a lab that is up (or half up) unless <paramref name="replace"/>.</summary>
    /// <param name="build">A build of the site (with its manifest.json) whose files go into the machines; it is moved into the lab's directory.</param>
    /// <param name="promises">What the site promises (kept with the lab for <c>sim verify</c>); it also gives each machine its resolvers and each service without a daemon a stand-in.</param>
    /// <param name="secrets">The secrets the build was made with (TSIG keys), installed where the machines' configurations include them.</param>
    /// <returns>The daemons started in the machines, and those that did not start.</returns>
    public LabServicesOutcome Up(LabPlan plan, bool replace, Action<string>? progress = null, string? build = null, LabPromises? promises = null, string? secrets = null)
    {
        RequireRoot();
        if (Exists)
        {
            if (!replace)
            {
                throw new LabException($"lab '{Name}' is already up (or was left half up): run 'elenta sim down --lab {Name}' first, or 'sim up --replace'");
            }

            Down(progress);
        }

        var namespaces = new List<string> { plan.SwitchNamespace };
        namespaces.AddRange(plan.Machines.Select(m => plan.MachineNamespace(m.Name)));
        var taken = namespaces.Where(ns => File.Exists(Path.Combine("/run/netns", ns))).ToList();
        if (taken.Count > 0)
        {
            throw new LabException($"network namespace {taken[0]} exists and is not this lab's (no journal names it): remove it or choose another --lab");
        }

        Journal.Start();
        Journal.Record([.. namespaces.Select(ns => ("netns", ns)), ("mount", RunDirectory), ("dir", RunDirectory)]);
        progress?.Invoke($"{plan.Machines.Count} machines, {plan.Networks.Count} networks");
        var clock = Timing.Start(progress);

        // The lab's working files (each machine's private layers, the build) live on a tmpfs of
        // its own: written at memory speed, and gone in one umount at 'sim down' (or a reboot).
        Directory.CreateDirectory(RunDirectory);
        Shell.Run("mount", ["-t", "tmpfs", "-o", "mode=0755", MountSource, RunDirectory]);
        Shell.Run("ip", ["-batch", "-"], string.Concat(namespaces.Select(ns => $"netns add {ns}\n")));
        clock.Lap("namespaces");
        Shell.Run("ip", ["-n", plan.SwitchNamespace, "-batch", "-"], SwitchCommands(plan));
        clock.Lap("switch");

        File.WriteAllText(PlanPath, JsonSerializer.Serialize(plan));
        PrepareMachineDirectories(plan);
        LabSsh.Prepare(Name, Journal.Directory, plan, MachineDirectory);
        clock.Lap("keys");
        if (build is not null)
        {
            var kept = BuildDirectory;
            Shell.Run("cp", ["-a", "--", build, kept]);
            var files = LabFiles.Place(kept, plan, MachineDirectory);
            progress?.Invoke($"placed {files.Placed} files from the build into the machines" + (files.Skipped.Count == 0 ? string.Empty
                : $"; {files.Skipped.Count} not placed, their targets being outside /etc, /var, /srv and /root (first: {files.Skipped[0]})"));
            clock.Lap("files");
        }

        promises?.Save(Journal.Directory);
        foreach (var problem in LabServices.Prepare(plan, promises, secrets, MachineDirectory))
        {
            progress?.Invoke(problem);
        }

        StartMachines(plan);
        clock.Lap("machines");
        var services = build is null ? LabServicesOutcome.None : LabServices.Start(this, plan, promises, progress);
        clock.Lap("services");
        if (promises is not null && LabProbes.PlaceOperator(this, plan, promises) is { } place)
        {
            progress?.Invoke($"the operator ('sim ssh' connects from there) stands on {place}");
        }

        Journal.Record("up", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        return services;
    }

    /// <summary>What the site promised when the lab came up (null for a lab made without a site).</summary>
    public LabPromises? Promises => LabPromises.Load(Journal.Directory);

    /// <summary>The lab's state directory (journal, plan, operator key, known_hosts); it outlives a reboot.</summary>
    public string StateDirectory => Journal.Directory;

    /// <summary>The build the lab's files come from (with its manifest.json), on the lab's tmpfs.</summary>
    public string BuildDirectory => Path.Combine(RunDirectory, "build");

    /// <summary>The source name of the lab's tmpfs in the mount table: it carries the lab's name.</summary>
    private string MountSource => "elenta-sim-" + Name;

    private string PlanPath => Path.Combine(Journal.Directory, "plan.json");

    /// <summary>The plan the lab was brought up with.</summary>
    public LabPlan? Plan => File.Exists(PlanPath) ? JsonSerializer.Deserialize<LabPlan>(File.ReadAllText(PlanPath)) : null;

    /// <summary>The lab's known_hosts: every machine's canon names with its lab host key.</summary>
    public string KnownHosts => LabSsh.KnownHosts(Journal.Directory);

    /// <summary>
    /// Runs the system's ssh to a machine as root, with StrictHostKeyChecking=yes against the lab's
    /// known_hosts (or the one given), to its primary address: from the operator's place on a
    /// management network, across the site's routers and firewalls, or (a lab without one) from
    /// inside the machine itself.
    /// </summary>
    public (int Code, string Output, string Error) Ssh(string machine, IReadOnlyList<string> command, string? knownHosts = null, bool interactive = false)
    {
        RequireRoot();
        var target = Plan?.Machines.FirstOrDefault(m => m.Name == machine) ?? throw new LabException($"machine '{machine}' is not in lab '{Name}'");
        var client = LabSsh.Client(Journal.Directory, target, knownHosts ?? KnownHosts, command);
        // From the operator's place on a management network when the lab has one, else from inside the machine.
        var operatorNs = LabProbes.OperatorNamespace(Name);
        var (program, args) = File.Exists(Path.Combine("/run/netns", operatorNs))
            ? ("ip", (string[])["netns", "exec", operatorNs, .. client])
            : ("nsenter", [.. Enter(machine, "-n"), .. client]);
        return interactive ? (Shell.Interactive(program, args), string.Empty, string.Empty) : Shell.Exec(program, args);
    }

    private static string SwitchCommands(LabPlan plan)
    {
        var text = new StringBuilder("link set lo up\n");
        var bridgeOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; n < plan.Networks.Count; n++)
        {
            var bridge = plan.Bridge(n);
            bridgeOf[plan.Networks[n].Name] = bridge;
            text.Append($"link add name {bridge} type bridge\nlink set {bridge} up\n");
        }

        for (var m = 0; m < plan.Machines.Count; m++)
        {
            var machine = plan.Machines[m];
            for (var i = 0; i < machine.Nics.Count; i++)
            {
                var nic = machine.Nics[i];
                var port = plan.Port(m, i);
                var mac = nic.Mac is null ? string.Empty : " address " + nic.Mac;
                text.Append($"link add name {port} type veth peer name {nic.Name}{mac} netns {plan.MachineNamespace(machine.Name)}\n");
                text.Append($"link set {port} master {bridgeOf[nic.Network]}\nlink set {port} up\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Whether this kernel makes bond devices (the bonding driver is built in or loaded; it is never loaded from here, see docs/sim.md).</summary>
    public static bool RealBonds => Directory.Exists("/sys/module/bonding");

    /// <summary>
    /// The machine's side of its links, run inside it by <c>ip -batch</c>: its bonds and bridges over
    /// its NICs, addresses, links up, the default route. Without the kernel's bonding driver a bond
    /// is a bridge over its first member (the others stay outside it, up): traffic crosses one
    /// member, as in active-backup, and never loops between two members on one network.
    /// </summary>
    internal static string MachineCommands(LabMachine machine, bool realBonds)
    {
        var text = new StringBuilder("link set lo up\n");
        var devices = machine.Devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var bridged = machine.Devices.Where(d => d.Kind == "bridge").SelectMany(d => d.Members).ToHashSet(StringComparer.Ordinal);
        var made = new List<string>();

        // A bond or bridge gets its MAC set, so it does not change as members come and go.
        static string Address(LabDevice device) => device.Mac is null ? string.Empty : " address " + device.Mac;

        // What a bridge enslaves for a member: a stand-in bond is its first member (a bridge cannot hold a bridge).
        string Port(string member) => !realBonds && devices.TryGetValue(member, out var d) && d.Kind == "bond" ? Port(d.Members[0]) : member;

        foreach (var device in machine.Devices)
        {
            if (device.Kind == "bond" && realBonds)
            {
                var mode = device.Mode is { Length: > 0 } m && m.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? " mode " + m : string.Empty;
                text.Append($"link add name {device.Name}{Address(device)} type bond{mode}\n");
                text.Append(string.Concat(device.Members.Select(member => $"link set {member} master {device.Name}\n")));
            }
            else if (device.Kind == "bond")
            {
                if (bridged.Contains(device.Name))
                {
                    continue; // its bridge takes its first member directly
                }

                text.Append($"link add name {device.Name}{Address(device)} type bridge\nlink set {Port(device.Members[0])} master {device.Name}\n");
            }
            else
            {
                text.Append($"link add name {device.Name}{Address(device)} type bridge\n");
                text.Append(string.Concat(device.Members.Select(member => $"link set {Port(member)} master {device.Name}\n")));
            }

            made.Add(device.Name);
        }

        foreach (var iface in machine.Interfaces)
        {
            foreach (var address in iface.Addresses)
            {
                text.Append($"addr add {address} dev {iface.Name}\n");
            }
        }

        foreach (var link in machine.Nics.Select(n => n.Name).Concat(made))
        {
            text.Append($"link set {link} up\n");
        }

        if (machine.DefaultGateway is { } gateway)
        {
            text.Append($"route add default via {gateway}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// One process per machine holds its mount and UTS namespaces (and sits in its network
    /// namespace): hostname = machine name; /etc and /var are the host's with a private layer on
    /// top, /run and /tmp private and empty, /root and /srv private, the rest read-only. The same
    /// script sets up the machine's links and starts its sshd, so a machine costs one process
    /// start from here; all of them start at once, and each says when it is ready.
    /// </summary>
    private void StartMachines(LabPlan plan)
    {
        var started = new List<(LabMachine Machine, Process Process, Task<string> Output, Task<string> Error)>();
        try
        {
            foreach (var machine in plan.Machines)
            {
                var script = HolderScript(machine, MachineDirectory(machine.Name));
                var info = new ProcessStartInfo("setsid")
                {
                    UseShellExecute = false,
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                foreach (var a in new[] { "-f", "nsenter", "--net=" + Path.Combine("/run/netns", plan.MachineNamespace(machine.Name)), "--", "unshare", "--mount", "--uts", "--propagation", "private", "--", "bash", "-c", script, Names.Holder(Name, machine.Name) })
                {
                    info.ArgumentList.Add(a);
                }

                var process = Process.Start(info) ?? throw new LabException("could not start setsid");
                process.StandardInput.Close();
                started.Add((machine, process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()));
            }

            // Each holder says "ready" on its standard output once its machine is set up, then lets
            // go of the pipes; an error ends it with the reason on its standard error.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20 + plan.Machines.Count / 10);
            foreach (var (machine, _, output, error) in started)
            {
                var left = deadline - DateTime.UtcNow;
                if (!output.Wait(left > TimeSpan.Zero ? left : TimeSpan.Zero) || !output.Result.Contains("ready", StringComparison.Ordinal))
                {
                    var reason = error.Wait(TimeSpan.FromSeconds(1)) ? error.Result.Trim() : "it did not answer in time";
                    throw new LabException($"machine '{machine.Name}' did not come up: {(reason.Length == 0 ? "no reason given" : reason)}");
                }

                // "ready" comes just before the holder takes its name (exec -a): wait for the name.
                for (var spin = 0; spin < 200 && HolderOf(machine.Name) is null; spin++)
                {
                    Thread.Sleep(10);
                }
            }
        }
        finally
        {
            foreach (var (_, process, _, _) in started)
            {
                process.Dispose();
            }
        }
    }

    /// <summary>
    /// Each machine's directory: its /etc and /var layers, /root, /srv, and the /run and /tmp it
    /// starts with (empty but for sshd's privilege separation directory), and the fstab its holder
    /// mounts in one go.
    /// </summary>
    private void PrepareMachineDirectories(LabPlan plan)
    {
        var tag = Names.Switch(Name);
        var srv = Directory.Exists("/srv");
        var nix = Directory.Exists("/nix");
        foreach (var machine in plan.Machines)
        {
            var dir = MachineDirectory(machine.Name);
            foreach (var sub in new[] { "etc.up", "etc.work", "var.up", "var.work", "root", "srv", "run/sshd", "tmp" })
            {
                Directory.CreateDirectory(Path.Combine(dir, sub));
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(dir, "tmp"), (UnixFileMode)Convert.ToInt32("1777", 8));
            }

            var fstab = new StringBuilder();
            fstab.Append($"{tag} /etc overlay lowerdir=/etc,upperdir={dir}/etc.up,workdir={dir}/etc.work 0 0\n");
            fstab.Append($"{tag} /var overlay lowerdir=/var,upperdir={dir}/var.up,workdir={dir}/var.work 0 0\n");
            fstab.Append($"{dir}/root /root none bind 0 0\n");
            if (srv)
            {
                fstab.Append($"{dir}/srv /srv none bind 0 0\n");
            }

            if (nix)
            {
                // A private, empty Nix store: the NixOS driver copies closures into it over ssh, and
                // single-user Nix as root builds there (docs/nixos.md). The lab has no build users and no
                // network to substitute from, and the store's builders find the host's /bin/sh only
                // outside Nix's sandbox.
                Directory.CreateDirectory(Path.Combine(dir, "nix"));
                Directory.CreateDirectory(Path.Combine(dir, "etc.up", "nix"));
                File.WriteAllText(Path.Combine(dir, "etc.up", "nix", "nix.conf"), LabNixConf);
                fstab.Append($"{dir}/nix /nix none bind 0 0\n");
            }

            fstab.Append($"{dir}/tmp /tmp none bind 0 0\n");
            fstab.Append($"{dir}/run /run none bind 0 0\n"); // last: the machine directories are under /run
            // sysfs mounted from inside the machine's network namespace shows its own interfaces.
            fstab.Append($"{tag} /sys sysfs rw,nosuid,nodev,noexec 0 0\n");
            // Shared memory of its own: the host's /dev/shm is writable, and a daemon of the lab would write there.
            fstab.Append($"{tag} /dev/shm tmpfs mode=1777,nosuid,nodev 0 0\n");
            File.WriteAllText(Path.Combine(dir, "fstab"), fstab.ToString());
        }
    }

    /// <summary>Each machine's /etc/nix/nix.conf: single-user Nix as root, nothing substituted from outside the lab.</summary>
    public const string LabNixConf = "# elenta sim: single-user Nix as root in a lab machine (its own /nix); no network to substitute from\n"
        + "build-users-group =\nsubstituters =\nsandbox = false\n";

    /// <summary>
    /// What the holder runs, as few programs as it can (each costs milliseconds): the mounts in one
    /// 'mount --all' of the machine's fstab, the host's file system made read-only under them, the
    /// links in one 'ip -batch', then sshd; hostname and forwarding are written by the shell itself.
    /// </summary>
    private string HolderScript(LabMachine machine, string dir)
    {
        var d = Quote(dir);
        var text = new StringBuilder();
        text.Append("set -e\n");
        // No file of the host's file system stays open for writing: the read-only remount would
        // fail. Errors go to the standard error, which `sim up` reads.
        text.Append($"echo $$ > {d}/pid\n");
        // The machine's mount namespace began as a copy of the host's: every network namespace's
        // /run/netns entry and every lab's tmpfs in it. Copies hold what they name: another lab's
        // namespaces (and its keys) would outlive its `sim down` while this machine runs. Dropped
        // here, before /run is covered, in this namespace only (its mounts are private).
        text.Append("umount -R -l /run/netns 2>/dev/null || :\n");
        text.Append($"while read -r source point rest; do case $source in elenta-sim-*) [ \"$source\" = {Quote(MountSource)} ] || umount -l \"$point\" || : ;; esac; done < /proc/self/mounts\n");
        text.Append($"mount --all --fstab {d}/fstab\n");
        text.Append($"echo {Quote(machine.Name)} > /proc/sys/kernel/hostname\n"); // the UTS namespace's hostname
        text.Append($"echo {Quote(machine.Name)} > /etc/hostname\n");
        if (machine.Forwards)
        {
            text.Append("echo 1 > /proc/sys/net/ipv4/ip_forward\n");
        }

        // The host's file system, read-only under the machine's own layers.
        text.Append("mount -o remount,bind,ro /\n");
        // So is every other file system of the host's mounted below it (/home, /boot...): only the
        // machine's own layers, its pseudo file systems and /dev stay writable.
        text.Append("while read -r source point type options rest; do case $point in /etc|/etc/*|/var|/var/*|/root|/root/*|/srv|/srv/*|/nix|/nix/*|/tmp|/tmp/*|/run|/run/*|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*|/) continue ;; esac; ");
        text.Append("case ,$options, in *,ro,*) continue ;; esac; case $point in *\\\\*) point=$(printf '%b' \"$point\") ;; esac; mount -o remount,bind,ro \"$point\" 2>/dev/null || { echo \"the host's $point could not be made read-only in the machine\" >&2; exit 1; }; done < /proc/self/mounts\n");
        text.Append("ip -batch - <<'ELENTA-LINKS'\n").Append(MachineCommands(machine, RealBonds)).Append("ELENTA-LINKS\n");
        // sshd forks into the background and lets go of this script's pipes; it fails here, with
        // its reason on the standard error, when it cannot start.
        text.Append(string.Join(' ', LabSsh.DaemonCommand(Journal.Directory).Select(Quote))).Append(" </dev/null\n");
        text.Append("echo ready\nexec >/dev/null 2>&1 </dev/null\n");
        text.Append($"exec -a {Quote(Names.Holder(Name, machine.Name))} sleep infinity\n");
        return text.ToString();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>The process holding a machine's namespaces, if the lab is up and it runs.</summary>
    public int? HolderOf(string machine)
    {
        var pidFile = Path.Combine(MachineDirectory(machine), "pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        return Argv0(pid) == Names.Holder(Name, machine) ? pid : null;
    }

    /// <summary>
    /// Cuts every link of a machine, as pulled cables: the switch ends of its veths go down, so it
    /// keeps its addresses and routes and sees no carrier. <see cref="LinkUp"/> plugs them back.
    /// </summary>
    public void LinkDown(string machine) => SetLinks(machine, "down");

    /// <summary>Plugs a machine's links back in (see <see cref="LinkDown"/>).</summary>
    public void LinkUp(string machine) => SetLinks(machine, "up");

    private void SetLinks(string machine, string state)
    {
        RequireRoot();
        var plan = Plan ?? throw new LabException($"lab '{Name}' is not up");
        var index = plan.Machines.ToList().FindIndex(m => m.Name == machine);
        if (index < 0)
        {
            throw new LabException($"machine '{machine}' is not in lab '{Name}'");
        }

        var commands = string.Concat(Enumerable.Range(0, plan.Machines[index].Nics.Count).Select(i => $"link set {plan.Port(index, i)} {state}\n"));
        Shell.Run("ip", ["-n", plan.SwitchNamespace, "-batch", "-"], commands);
    }

    /// <summary>Runs a command inside a machine (its network, mount and UTS namespaces), with this process's terminal.</summary>
    public int Exec(string machine, IReadOnlyList<string> command) => Shell.Interactive("nsenter", [.. Enter(machine, "-n", "-m", "-u"), .. command]);

    /// <summary>Runs a command inside a machine and returns what it printed (for checks and tests).</summary>
    public (int Code, string Output, string Error) Capture(string machine, IReadOnlyList<string> command) =>
        Shell.Exec("nsenter", [.. Enter(machine, "-n", "-m", "-u"), .. command]);

    /// <summary>nsenter's arguments up to the command: into the given namespaces of the machine's holder.</summary>
    private string[] Enter(string machine, params string[] namespaces)
    {
        RequireRoot();
        var pid = HolderOf(machine) ?? throw new LabException($"machine '{machine}' is not up in lab '{Name}' ('elenta sim status' lists the lab)");
        return ["-t", pid.ToString(CultureInfo.InvariantCulture), .. namespaces, "--"];
    }

    public LabStatus Status()
    {
        var entries = Journal.Entries();
        var namespaces = entries.Where(e => e.Kind == "netns").Select(e => e.Value).ToList();
        var machines = namespaces.Where(ns => ns.StartsWith(Names.Machine(Name, string.Empty), StringComparison.Ordinal))
            .Select(ns => ns[Names.Machine(Name, string.Empty).Length..]).ToList();
        return new LabStatus(Name, entries.Any(e => e.Kind == "up"), namespaces.Count,
            namespaces.Count(ns => File.Exists(Path.Combine("/run/netns", ns))), machines.Count, machines.Count(m => HolderOf(m) is not null));
    }

    /// <summary>
    /// Removes exactly what the journal names: every process inside the lab's namespaces (found by
    /// the namespace, so daemons and 'sim exec' shells too) or holding a machine (by its name), then
    /// the namespaces (their links and the mounts of the machines go with them), then the lab's
    /// tmpfs and directories. Works on a half-made lab, and after a reboot.
    /// </summary>
    public void Down(Action<string>? progress = null)
    {
        RequireRoot();
        var clock = Timing.Start(progress);
        var entries = Journal.Entries();
        var namespaces = entries.Where(e => e.Kind is "netns" or LabProbes.JournalKind).Select(e => e.Value).Where(ns => File.Exists(Path.Combine("/run/netns", ns))).ToList();
        var undying = KillProcesses(NamespaceInodes(namespaces));
        clock.Lap("kill");
        // A process that outlived SIGKILL (stuck in the kernel) is found again by its namespace: the
        // namespaces stay, for the next 'down', until none of it is left.
        if (namespaces.Count > 0 && undying == 0)
        {
            Shell.Run("ip", ["-force", "-batch", "-"], string.Concat(namespaces.Select(ns => $"netns delete {ns}\n")), check: false);
        }

        clock.Lap("namespaces");
        progress?.Invoke(undying == 0 ? $"removed {namespaces.Count} namespaces" : $"kept {namespaces.Count} namespaces: {undying} process(es) would not die");
        var root = runRoot ?? DefaultRunRoot;
        foreach (var mount in entries.Where(e => e.Kind == "mount").Select(e => e.Value).Distinct(StringComparer.Ordinal))
        {
            // Only the lab's own tmpfs (by its source name), and only where the journal says.
            if (mount.StartsWith(root, StringComparison.Ordinal) && MountedAt(mount) == MountSource
                && Shell.Exec("umount", ["--", mount]).Code != 0)
            {
                // Busy (a shell of the host sitting in it, say): detached now, freed when let go.
                Shell.Run("umount", ["--lazy", "--", mount], check: false);
            }
        }

        var dirs = entries.Where(e => e.Kind == "dir").Select(e => e.Value).Append(RunDirectory).Distinct(StringComparer.Ordinal).Where(d => d.StartsWith(root, StringComparison.Ordinal)).ToList();
        foreach (var dir in dirs.Where(Directory.Exists))
        {
            Shell.Run("rm", ["-rf", "--one-file-system", "--", dir], check: false);
        }

        clock.Lap("files");
        // The journal goes only with the last of what it names: a second 'down' must still find
        // what survived the first.
        var left = namespaces.Where(ns => File.Exists(Path.Combine("/run/netns", ns))).Select(ns => "network namespace " + ns)
            .Concat(dirs.Where(Directory.Exists).Select(d => "directory " + d))
            .Concat(undying > 0 ? [$"{undying} process(es) still running in it after 10 s of SIGKILL"] : [])
            .ToList();
        if (left.Count > 0)
        {
            throw new LabException($"lab '{Name}' is not all gone: {string.Join("; ", left.Take(5))}{(left.Count > 5 ? $"; and {left.Count - 5} more" : string.Empty)}. "
                + $"Its journal ({Journal.FilePath}) is kept: run 'elenta sim down --lab {Name}' again, or remove them by hand (a mount inside a directory: umount it)");
        }

        Directory.Delete(Journal.Directory, recursive: true);
    }

    /// <summary>
    /// SIGKILL to every process in one of the lab's network namespaces or named as a holder of the
    /// lab's machines, one pass over /proc at a time, until a pass finds none (a process may fork
    /// while the pass runs); gives up after 10 s. Returns how many are still there then (0: none is
    /// left); their namespaces are then kept, for the next 'down' to find them by.
    /// </summary>
    private int KillProcesses(HashSet<string> inodes)
    {
        var holderPrefix = "elenta-sim:" + Name + ":";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var killed = new HashSet<int>();
        int Pass(bool kill)
        {
            var found = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                {
                    continue;
                }

                // A process that was killed but not yet reaped has no namespace left to read: not counted again.
                if (inodes.Count > 0 && NetNamespaceOf(pid) is { } ns && inodes.Contains(ns) || Argv0(pid)?.StartsWith(holderPrefix, StringComparison.Ordinal) == true)
                {
                    found++;
                    if (kill)
                    {
                        killed.Add(pid);
                        _ = Signal.Kill(pid, Signal.SigKill);
                    }
                }
            }

            return found;
        }

        while (DateTime.UtcNow < deadline)
        {
            if (Pass(kill: true) == 0)
            {
                return 0;
            }

            // Let the kernel finish the ones just killed before the next pass reads /proc again.
            var wait = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            while (DateTime.UtcNow < wait && killed.Any(pid => NetNamespaceOf(pid) is not null))
            {
                Thread.Sleep(5);
            }

            killed.Clear();
        }

        return Pass(kill: false);
    }

    /// <summary>The source of the file system mounted at <paramref name="path"/> in this mount namespace, if something is.</summary>
    private static string? MountedAt(string path)
    {
        string? source = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && dash > 0 && dash + 2 < fields.Length && fields[4] == path)
            {
                source = fields[dash + 2]; // the last mount at the path is the one on top
            }
        }

        return source;
    }

    private static HashSet<string> NamespaceInodes(IReadOnlyList<string> namespaces)
    {
        if (namespaces.Count == 0)
        {
            return [];
        }

        var output = Shell.Run("stat", ["-L", "-c", "%i", .. namespaces.Select(ns => Path.Combine("/run/netns", ns))], check: false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(i => "net:[" + i + "]").ToHashSet(StringComparer.Ordinal);
    }

    private static string? NetNamespaceOf(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static string? Argv0(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            var end = Array.IndexOf(bytes, (byte)0);
            return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
