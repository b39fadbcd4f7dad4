using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// The real DNS tools the tests check artifacts with: nsd-checkzone, named-checkzone, nsd-checkconf
/// and dig. Each returns the exit code and everything the program printed, so a failing test shows it.
/// </summary>
public static class NsdTools
{
    public sealed record Run(int ExitCode, string Output)
    {
        public void AssertOk(string what) => Assert.True(ExitCode == 0, $"{what} failed (exit {ExitCode}):\n{Output}");
    }

    public static Run CheckZone(string zone, string file) => Execute("nsd-checkzone", zone, file);

    /// <summary>
    /// BIND's stricter check. Integrity checks are "full" (MX, SRV and delegation targets checked),
    /// which looks up out-of-zone targets through the system resolver: test zones must keep such
    /// targets in-zone or out of MX/SRV/delegation NS records.
    /// </summary>
    public static Run NamedCheckZone(string zone, string file) => Execute("named-checkzone", "-k", "fail", "-i", "full", zone, file);

    public static Run CheckConf(string file) => Execute("nsd-checkconf", file);

    /// <summary>Queries a server on the loopback only: dig +short at 127.0.0.1.</summary>
    public static Run Dig(int port, string name, string type) =>
        Execute("dig", "@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+short", "+time=1", "+tries=1", "+norecurse", name, type);

    /// <summary>A loopback port nothing listens on right now (bind to port 0, read it back, release it).</summary>
    public static int FreePort()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        tcp.Stop();
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        return port;
    }

    public static Run Execute(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            return new Run(-1, $"{program} timed out");
        }

        return new Run(p.ExitCode, stdout.Result + stderr.Result);
    }
}
