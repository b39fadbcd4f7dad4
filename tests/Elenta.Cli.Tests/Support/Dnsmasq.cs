using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace Elenta.Cli.Tests.Support;

/// <summary>
/// A real dnsmasq answering DNS only, on 127.0.0.1 and a free port, with the host records a test
/// gives it. Stopped (killed) on dispose, even when the test fails.
/// </summary>
public sealed class Dnsmasq : IDisposable
{
    private readonly Process process;

    public Dnsmasq(params (string Name, string Ip)[] records)
    {
        Port = FreePort();
        var start = new ProcessStartInfo("dnsmasq") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--keep-in-foreground", "--conf-file=/dev/null", $"--port={Port}", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=", "--log-facility=-",
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, ip) in records)
        {
            start.ArgumentList.Add($"--host-record={name},{ip}");
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start");
        WaitUntilAnswering();
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    private void WaitUntilAnswering()
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback, Port)) { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0, UseCache = false, ThrowDnsErrors = false });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("dnsmasq exited: " + process.StandardError.ReadToEnd());
            }

            try
            {
                client.Query("ready.invalid", QueryType.A);
                return;
            }
            catch (DnsResponseException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException("dnsmasq did not answer within 10 s");
    }

    public static int FreePort()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        return ((IPEndPoint)tcp.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        finally
        {
            process.Dispose();
        }
    }
}
