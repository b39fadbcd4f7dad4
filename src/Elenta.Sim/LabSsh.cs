using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
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
    public const string HostKeyInMachine = "/etc/ssh/elenta-lab_ecdsa_key";

    /// <summary>A machine's lab host key, seen from outside: in its private /etc layer.</summary>
    public static string HostKey(string machineDirectory) => Path.Combine(machineDirectory, "etc.up", HostKeyInMachine["/etc/".Length..]);

    /// <summary>Makes the operator's key, each machine's host key (in its private /etc), authorized_keys and known_hosts.</summary>
    public static void Prepare(string lab, string labDirectory, LabPlan plan, Func<string, string> machineDirectory)
    {
        var dir = KeysDirectory(labDirectory);
        Directory.CreateDirectory(dir);
        Keygen(OperatorKey(labDirectory), $"elenta-sim {lab} operator");
        File.Copy(OperatorKey(labDirectory) + ".pub", Path.Combine(dir, "authorized_keys"), overwrite: true);
        var knownHosts = new StringBuilder();
        foreach (var machine in plan.Machines)
        {
            var publicKey = HostKeyPair(HostKey(machineDirectory(machine.Name)), $"elenta-sim {lab} {machine.Name} lab key");
            knownHosts.Append(string.Join(',', machine.Names)).Append(' ').Append(publicKey).Append('\n');
        }

        File.WriteAllText(KnownHosts(labDirectory), knownHosts.ToString());
    }

    /// <summary>
    /// A machine's lab host key: ECDSA P-256, made in this process (a program per machine, as
    /// ssh-keygen would be, costs more than the rest of the machine's setup). The private key in PEM,
    /// which sshd reads; the public key beside it in OpenSSH's format, with the comment. Returns the
    /// public key's type and base64, as known_hosts lists them.
    /// </summary>
    private static string HostKeyPair(string path, string comment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // sshd refuses a key others can read
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(key.ExportECPrivateKeyPem() + "\n"));
        }

        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var blob = new MemoryStream();
        void Field(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            blob.Write(length);
            blob.Write(bytes);
        }

        Field("ecdsa-sha2-nistp256"u8);
        Field("nistp256"u8);
        Field([0x04, .. point.X!, .. point.Y!]);
        var publicKey = "ecdsa-sha2-nistp256 " + Convert.ToBase64String(blob.ToArray());
        File.WriteAllText(path + ".pub", publicKey + " " + comment + "\n");
        return publicKey;
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
    /// <remarks>
    /// No ssh configuration is read (<c>-F /dev/null</c>): root's <c>~/.ssh/config</c> or the system's
    /// could name a shared connection (ControlMaster, ControlPath), and a control socket is reached
    /// through the file system, not the lab's network: ssh would ride an open connection to the real
    /// machine at the same address. Nor a proxy, a jump host or agent forwarding from there.
    /// </remarks>
    public static IReadOnlyList<string> Client(string labDirectory, LabMachine machine, string knownHosts, IReadOnlyList<string> command) =>
    [
        "ssh",
        "-F", "/dev/null",
        "-o", "ControlMaster=no",
        "-o", "ControlPath=none",
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
