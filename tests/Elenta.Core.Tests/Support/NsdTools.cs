using System.Net;
using System.Net.Sockets;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// The real DNS tools the tests check artifacts with: nsd-checkzone, named-checkzone, nsd-checkconf
/// and dig, run through <see cref="ExternalTool"/>.
/// </summary>
public static class NsdTools
{
    public static ExternalTool.Result CheckZone(string zone, string file) => ExternalTool.Run("nsd-checkzone", zone, file);

    /// <summary>
    /// BIND's stricter check. Integrity checks are "full" (MX, SRV and delegation targets checked),
    /// which looks up out-of-zone targets through the system resolver: test zones must keep such
    /// targets in-zone or out of MX/SRV/delegation NS records.
    /// </summary>
    public static ExternalTool.Result NamedCheckZone(string zone, string file) => ExternalTool.Run("named-checkzone", "-k", "fail", "-i", "full", zone, file);

    public static ExternalTool.Result CheckConf(string file) => ExternalTool.Run("nsd-checkconf", file);

    /// <summary>Queries a server on the loopback only: dig +short at 127.0.0.1.</summary>
    public static ExternalTool.Result Dig(int port, string name, string type) =>
        ExternalTool.Run("dig", "@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+short", "+time=1", "+tries=1", "+norecurse", name, type);

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
}
