using System.Globalization;
using System.Text;

namespace Elenta.Sim;

/// <summary>
/// SSH in the lab: the site's private host keys are not in the site (only their public halves), so
/// every machine gets a lab key of its own, generated at <c>sim up</c> and recorded as such (the
/// key's comment says "elenta-sim LAB MACHINE"); the lab's known_hosts lists each machine's canon
/// names with its lab key, and the operator gets a lab key pair that every machine's root accepts.
/// The client runs with StrictHostKeyChecking=yes against that known_hosts only.
/// </summary>
public static class LabSsh
{
    public static string KeysDirectory(string labDirectory) => Path.Combine(labDirectory, "ssh");

    public static string OperatorKey(string labDirectory) => Path.Combine(KeysDirectory(labDirectory), "id_ed25519");

    public static string KnownHosts(string labDirectory) => Path.Combine(KeysDirectory(labDirectory), "known_hosts");

    /// <summary>Where a machine's lab host key is, inside the machine (its private /etc).</summary>
    public const string HostKeyInMachine = "/etc/ssh/elenta-lab_ed25519_key";

    /// <summary>A machine's lab host key, seen from outside: in its private /etc layer.</summary>
    public static string HostKey(string machineDirectory) => Path.Combine(machineDirectory, "etc.up", HostKeyInMachine["/etc/".Length..]);

    /// <summary>Makes the operator's key, each machine's host key (in its private /etc), authorized_keys and known_hosts.</summary>
    public static void Prepare(string lab, string labDirectory, LabPlan plan, Func<string, string> machineDirectory)
    {
        var dir = KeysDirectory(labDirectory);
        Directory.CreateDirectory(dir);
        Keygen(OperatorKey(labDirectory), $"elenta-sim {lab} operator");
        File.Copy(OperatorKey(labDirectory) + ".pub", Path.Combine(dir, "authorized_keys"), overwrite: true);
        Parallel.ForEach(plan.Machines, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, machine =>
        {
            var key = HostKey(machineDirectory(machine.Name));
            Directory.CreateDirectory(Path.GetDirectoryName(key)!);
            Keygen(key, $"elenta-sim {lab} {machine.Name} lab key");
        });
        var knownHosts = new StringBuilder();
        foreach (var machine in plan.Machines)
        {
            var publicKey = File.ReadAllText(HostKey(machineDirectory(machine.Name)) + ".pub").Trim().Split(' ');
            knownHosts.Append(string.Join(',', machine.Names)).Append(' ').Append(publicKey[0]).Append(' ').Append(publicKey[1]).Append('\n');
        }

        File.WriteAllText(KnownHosts(labDirectory), knownHosts.ToString());
    }

    private static void Keygen(string path, string comment)
    {
        File.Delete(path);
        File.Delete(path + ".pub");
        Shell.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]);
    }

    /// <summary>The command line that starts sshd in a machine: its lab host key, the operator's key for root, no passwords.</summary>
    public static IReadOnlyList<string> Daemon(string labDirectory) =>
        ["sh", "-c", "mkdir -p /run/sshd && exec \"$@\"", "sshd", .. DaemonCommand(labDirectory)];

    /// <summary>The same for one machine (every machine's sshd is started alike: its key is in its own /etc).</summary>
    public static IReadOnlyList<string> Daemon(string labDirectory, string machine) => Daemon(labDirectory);

    /// <summary>sshd and its arguments (it needs /run/sshd to exist).</summary>
    public static IReadOnlyList<string> DaemonCommand(string labDirectory) =>
    [
        "/usr/sbin/sshd",
        "-f", "/dev/null",
        "-h", HostKeyInMachine,
        "-o", "AuthorizedKeysFile=" + Path.Combine(KeysDirectory(labDirectory), "authorized_keys"),
        "-o", "PermitRootLogin=prohibit-password",
        "-o", "PasswordAuthentication=no",
        "-o", "KbdInteractiveAuthentication=no",
        "-o", "UsePAM=no",
        "-o", "PidFile=/run/sshd.pid",
    ];

    /// <summary>The ssh client's arguments to reach a machine as root, strictly checking its key against <paramref name="knownHosts"/>.</summary>
    public static IReadOnlyList<string> Client(string labDirectory, LabMachine machine, string knownHosts, IReadOnlyList<string> command) =>
    [
        "ssh",
        "-i", OperatorKey(labDirectory),
        "-o", "IdentitiesOnly=yes",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "HostKeyAlias=" + machine.Names[0],
        "-o", "BatchMode=yes",
        "-o", "ConnectTimeout=5",
        "-o", "LogLevel=ERROR",
        "root@" + machine.PrimaryAddress,
        .. command,
    ];

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
