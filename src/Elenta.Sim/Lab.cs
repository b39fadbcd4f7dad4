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

    public string Name { get; } = Names.IsValidLab(name) ? name : throw new LabException($"'{name}' is not a lab name: use at most 20 lowercase letters, digits and '-'");

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
        Journal.Record([.. namespaces.Select(ns => ("netns", ns)), ("dir", RunDirectory)]);
        progress?.Invoke($"{plan.Machines.Count} machines, {plan.Networks.Count} networks");

        Shell.Run("ip", ["-batch", "-"], string.Concat(namespaces.Select(ns => $"netns add {ns}\n")));
        Shell.Run("ip", ["-n", plan.SwitchNamespace, "-batch", "-"], SwitchCommands(plan));
        foreach (var machine in plan.Machines)
        {
            Shell.Run("ip", ["-n", plan.MachineNamespace(machine.Name), "-batch", "-"], MachineCommands(machine));
        }

        File.WriteAllText(PlanPath, JsonSerializer.Serialize(plan));
        LabSsh.Prepare(Name, Journal.Directory, plan);
        PrepareMachineDirectories(plan);
        if (build is not null)
        {
            var kept = BuildDirectory;
            Shell.Run("cp", ["-a", "--", build, kept]);
            var files = LabFiles.Place(kept, plan, MachineDirectory);
            progress?.Invoke($"placed {files.Placed} files from the build into the machines" + (files.Skipped.Count == 0 ? string.Empty
                : $"; {files.Skipped.Count} not placed, their targets being outside /etc, /var, /srv and /root (first: {files.Skipped[0]})"));
        }

        promises?.Save(Journal.Directory);
        foreach (var problem in LabServices.Prepare(plan, promises, secrets, MachineDirectory))
        {
            progress?.Invoke(problem);
        }

        StartHolders(plan);
        StartSshd(plan);
        var services = build is null ? LabServicesOutcome.None : LabServices.Start(this, plan, promises, progress);
        if (promises is not null && LabProbes.PlaceOperator(this, plan, promises) is { } place)
        {
            progress?.Invoke($"the operator ('sim ssh' connects from there) stands on {place}");
        }

        Journal.Record("up", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        return services;
    }

    /// <summary>What the site promised when the lab came up (null for a lab made without a site).</summary>
    public LabPromises? Promises => LabPromises.Load(Journal.Directory);

    /// <summary>The lab's state directory (journal, plan, keys, build).</summary>
    public string StateDirectory => Journal.Directory;

    /// <summary>The build the lab's files come from (with its manifest.json).</summary>
    public string BuildDirectory => Path.Combine(Journal.Directory, "build");

    private string PlanPath => Path.Combine(Journal.Directory, "plan.json");

    /// <summary>The plan the lab was brought up with.</summary>
    public LabPlan? Plan => File.Exists(PlanPath) ? JsonSerializer.Deserialize<LabPlan>(File.ReadAllText(PlanPath)) : null;

    /// <summary>The lab's known_hosts: every machine's canon names with its lab host key.</summary>
    public string KnownHosts => LabSsh.KnownHosts(Journal.Directory);

    /// <summary>sshd in every machine, with its lab host key (the machine's own processes: 'sim down' finds them by namespace).</summary>
    private void StartSshd(LabPlan plan)
    {
        Parallel.ForEach(plan.Machines, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, machine =>
        {
            var (code, output, error) = Capture(machine.Name, LabSsh.Daemon(Journal.Directory, machine.Name));
            if (code != 0)
            {
                throw new LabException($"sshd did not start in '{machine.Name}': {(error + output).Trim()}");
            }
        });
    }

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
            for (var i = 0; i < machine.Interfaces.Count; i++)
            {
                var iface = machine.Interfaces[i];
                var port = plan.Port(m, i);
                var mac = iface.Mac is null ? string.Empty : " address " + iface.Mac;
                text.Append($"link add name {port} type veth peer name {iface.Name}{mac} netns {plan.MachineNamespace(machine.Name)}\n");
                text.Append($"link set {port} master {bridgeOf[iface.Network]}\nlink set {port} up\n");
            }
        }

        return text.ToString();
    }

    private static string MachineCommands(LabMachine machine)
    {
        var text = new StringBuilder("link set lo up\n");
        foreach (var iface in machine.Interfaces)
        {
            foreach (var address in iface.Addresses)
            {
                text.Append($"addr add {address} dev {iface.Name}\n");
            }

            text.Append($"link set {iface.Name} up\n");
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
    /// top, /run and /tmp private and empty, /root and /srv private, the rest read-only.
    /// </summary>
    private void StartHolders(LabPlan plan)
    {
        var started = new List<(LabMachine Machine, Process Process, Task<string> Output, Task<string> Error)>();
        foreach (var machine in plan.Machines)
        {
            var dir = MachineDirectory(machine.Name);
            var script = HolderScript(machine, dir);
            var info = new ProcessStartInfo("setsid")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "-f", "ip", "netns", "exec", plan.MachineNamespace(machine.Name), "unshare", "--mount", "--uts", "--propagation", "private", "bash", "-c", script, Names.Holder(Name, machine.Name) })
            {
                info.ArgumentList.Add(a);
            }

            var process = Process.Start(info) ?? throw new LabException("could not start setsid");
            process.StandardInput.Close();
            started.Add((machine, process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()));
        }

        // Each holder says "ready" on its standard output once its namespaces are set up, then
        // lets go of the pipes; an error ends it with the reason on its standard error.
        var deadline = TimeSpan.FromSeconds(20 + plan.Machines.Count / 10);
        foreach (var (machine, process, output, error) in started)
        {
            using (process)
            {
                if (!output.Wait(deadline) || !output.Result.Contains("ready", StringComparison.Ordinal))
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
    }

    private void PrepareMachineDirectories(LabPlan plan)
    {
        foreach (var machine in plan.Machines)
        {
            foreach (var sub in new[] { "etc.up", "etc.work", "var.up", "var.work", "root", "srv" })
            {
                Directory.CreateDirectory(Path.Combine(MachineDirectory(machine.Name), sub));
            }
        }
    }

    private string HolderScript(LabMachine machine, string dir)
    {
        var d = Quote(dir);
        var tag = Names.Switch(Name);
        var text = new StringBuilder();
        text.Append("set -e\n");
        // No file of the host's file system stays open for writing: the read-only remount at the
        // end would fail. Errors go to the standard error, which `sim up` reads.
        text.Append($"echo $$ > {d}/pid\n");
        text.Append($"mount -t overlay {tag} -o lowerdir=/etc,upperdir={d}/etc.up,workdir={d}/etc.work /etc\n");
        text.Append($"mount -t overlay {tag} -o lowerdir=/var,upperdir={d}/var.up,workdir={d}/var.work /var\n");
        text.Append($"mount --bind {d}/root /root\n");
        text.Append($"if [ -d /srv ]; then mount --bind {d}/srv /srv; fi\n");
        text.Append($"mount -t tmpfs -o mode=0755 {tag} /run\n");
        text.Append($"mount -t tmpfs -o mode=1777 {tag} /tmp\n");
        text.Append($"hostname {Quote(machine.Name)}\n");
        text.Append($"echo {Quote(machine.Name)} > /etc/hostname\n");
        if (machine.Forwards)
        {
            text.Append("echo 1 > /proc/sys/net/ipv4/ip_forward\n");
        }

        // The host's file system, read-only under the machine's own layers.
        text.Append("mount -o remount,bind,ro /\n");
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
    /// directories. Works on a half-made lab, and after a reboot.
    /// </summary>
    public void Down(Action<string>? progress = null)
    {
        RequireRoot();
        var entries = Journal.Entries();
        var namespaces = entries.Where(e => e.Kind is "netns" or LabProbes.JournalKind).Select(e => e.Value).Where(ns => File.Exists(Path.Combine("/run/netns", ns))).ToList();
        var inodes = NamespaceInodes(namespaces);
        var holderPrefix = "elenta-sim:" + Name + ":";
        for (var round = 0; round < 50; round++)
        {
            var victims = new List<int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                {
                    continue;
                }

                if (inodes.Count > 0 && NetNamespaceOf(pid) is { } ns && inodes.Contains(ns) || Argv0(pid)?.StartsWith(holderPrefix, StringComparison.Ordinal) == true)
                {
                    victims.Add(pid);
                }
            }

            if (victims.Count == 0)
            {
                break;
            }

            foreach (var pid in victims)
            {
                try
                {
                    using var p = Process.GetProcessById(pid);
                    p.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // already gone
                }
            }

            Thread.Sleep(20);
        }

        if (namespaces.Count > 0)
        {
            Shell.Run("ip", ["-force", "-batch", "-"], string.Concat(namespaces.Select(ns => $"netns delete {ns}\n")), check: false);
        }

        progress?.Invoke($"removed {namespaces.Count} namespaces");
        foreach (var dir in entries.Where(e => e.Kind == "dir").Select(e => e.Value).Append(RunDirectory).Distinct(StringComparer.Ordinal))
        {
            if (dir.StartsWith(runRoot ?? DefaultRunRoot, StringComparison.Ordinal) && Directory.Exists(dir))
            {
                Shell.Run("rm", ["-rf", "--one-file-system", "--", dir], check: false);
            }
        }

        Directory.Delete(Journal.Directory, recursive: true);
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
