using System.Net;
using DnsClient;
using Elenta.Output;

namespace Elenta.Cli.Hosting;

/// <summary>A running name server's SOA serial for a zone (<c>build --soa-server</c>); null when it does not answer.</summary>
internal sealed class DnsZoneSerials(IPEndPoint server) : IZoneSerials
{
    /// <summary>The server asked, as a build's inputs name it (BuildInputs).</summary>
    public override string ToString() => server.ToString();

    public uint? Current(string zone)
    {
        try
        {
            var client = new LookupClient(new LookupClientOptions(new NameServer(server)) { UseCache = false, Timeout = TimeSpan.FromSeconds(2), Retries = 1, ThrowDnsErrors = false });
            return client.Query(zone, QueryType.SOA).Answers.SoaRecords().FirstOrDefault()?.Serial;
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }

    /// <summary>ADDRESS[:PORT] (port 53 when not given); null when it is not one.</summary>
    public static DnsZoneSerials? Parse(string text)
    {
        // Read as lookup --dns-server reads it: IPEndPoint took 127.1 for 127.0.0.1, 1 for 0.0.0.1.
        return DnsServerAddress.TryParse(text, out var endpoint) ? new DnsZoneSerials(endpoint) : null;
    }
}
