using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Deploy.Transport;

namespace Elenta.Deploy.Health;

/// <summary>What the health checks of a machine said: passed, or the first that failed and why.</summary>
public sealed record HealthResult(bool Ok, string Detail);

/// <summary>
/// Runs a machine's health checks after activation, one after the other: a command on the machine
/// (over its master connection), a TCP connection or an HTTP GET from the deployer to the machine's
/// address. Each is tried every interval until it passes or its timeout has gone by.
/// </summary>
public static class HealthChecks
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero });

    public static HealthResult Run(SshTransport ssh, DeployTarget target, IReadOnlyList<RoleHealthCheck> checks, Action<string> log)
    {
        foreach (var (role, check) in checks)
        {
            var clock = Stopwatch.StartNew();
            var timeout = TimeSpan.FromSeconds(check.TimeoutSeconds);
            var tries = 0;
            string why;
            while (true)
            {
                tries++;
                var left = timeout - clock.Elapsed;
                why = Try(ssh, target, check, left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left);
                if (why.Length == 0)
                {
                    log($"health {check.Describe()} (role {role}): passed after {tries} tries, {clock.Elapsed.TotalSeconds:F1} s");
                    break;
                }

                log($"health {check.Describe()} (role {role}): try {tries}: {why}");
                if (clock.Elapsed + TimeSpan.FromSeconds(check.IntervalSeconds) >= timeout)
                {
                    return new HealthResult(false, $"health check {check.Describe()} of role {role} did not pass within {check.TimeoutSeconds} s ({tries} tries): {why}");
                }

                Thread.Sleep(TimeSpan.FromSeconds(check.IntervalSeconds));
            }
        }

        return new HealthResult(true, string.Empty);
    }

    /// <summary>One try: empty when it passed, else what went wrong.</summary>
    private static string Try(SshTransport ssh, DeployTarget target, HealthCheck check, TimeSpan left)
    {
        // One try never takes longer than the interval plus a little, nor than what is left.
        var attempt = TimeSpan.FromSeconds(Math.Min(left.TotalSeconds, Math.Max(2, check.IntervalSeconds + 1)));
        switch (check.Probe)
        {
            case HealthProbe.Command:
                var r = ssh.Run(target, ["sh", "-c", check.Command!], timeout: left);
                var output = (r.Output + r.Error).Trim();
                return r.Code == 0 ? string.Empty : r.ConnectionFailed ? $"lost the connection to {target.Address}" : $"exited {r.Code}" + (output.Length > 0 ? ": " + output.Split('\n')[^1].Trim() : string.Empty);
            case HealthProbe.Tcp:
                using (var cancel = new CancellationTokenSource(attempt))
                using (var client = new TcpClient())
                {
                    try
                    {
                        client.ConnectAsync(target.Address, check.Port!.Value, cancel.Token).AsTask().GetAwaiter().GetResult();
                        return string.Empty;
                    }
                    catch (OperationCanceledException)
                    {
                        return $"no answer from {target.Address} port {check.Port} in {attempt.TotalSeconds:F0} s";
                    }
                    catch (SocketException e)
                    {
                        return $"{target.Address} port {check.Port}: {e.Message}";
                    }
                }

            case HealthProbe.Http:
                var host = target.Address.Contains(':') ? $"[{target.Address}]" : target.Address;
                var url = $"http://{host}:{check.Port!.Value.ToString(CultureInfo.InvariantCulture)}{check.Path}";
                using (var cancel = new CancellationTokenSource(attempt))
                {
                    try
                    {
                        using var response = Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel.Token).GetAwaiter().GetResult();
                        var status = (int)response.StatusCode;
                        var expected = check.Status is { } s ? status == s : status is >= 200 and < 300;
                        return expected ? string.Empty : $"GET {url} answered {status}, expected {(check.Status?.ToString(CultureInfo.InvariantCulture) ?? "2xx")}";
                    }
                    catch (OperationCanceledException)
                    {
                        return $"GET {url}: no answer in {attempt.TotalSeconds:F0} s";
                    }
                    catch (HttpRequestException e)
                    {
                        return $"GET {url}: {e.Message}";
                    }
                }

            default:
                return "the check names neither command, tcp nor http (EL9250)";
        }
    }
}
