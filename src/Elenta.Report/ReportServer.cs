using System.Net;
using System.Text;

namespace Elenta.Report;

/// <summary>
/// Serves a report's pages on 127.0.0.1 only, from memory. <see cref="Publish"/> swaps in a new
/// report; <c>/__version</c> answers a number that changes when the pages do, which every page
/// polls once a second and reloads itself on (Html.Script).
/// </summary>
public sealed class ReportServer : IDisposable
{
    private readonly HttpListener listener = new();
    private volatile IReadOnlyDictionary<string, byte[]> pages = new Dictionary<string, byte[]>();
    private long version;
    private string fingerprint = string.Empty;

    public ReportServer(int port)
    {
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public long Version => Interlocked.Read(ref version);

    /// <summary>A port nothing listens on now (the system's choice for port 0).</summary>
    public static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Serves these pages from now on; the version moves only when some page's bytes changed.</summary>
    public void Publish(IReadOnlyDictionary<string, byte[]> next)
    {
        var hash = new StringBuilder();
        foreach (var (path, bytes) in next.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash.Append(path).Append(':').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]).Append('\n');
        }

        var print = hash.ToString();
        pages = next;
        if (print != fingerprint)
        {
            fingerprint = print;
            Interlocked.Increment(ref version);
        }
    }

    /// <summary>Starts listening: throws here, not in <see cref="RunAsync"/>'s task, when the port is taken.</summary>
    /// <exception cref="HttpListenerException">The port cannot be listened on.</exception>
    public void Start() => listener.Start();

    /// <summary>Answers requests until <paramref name="cancel"/> (after <see cref="Start"/>).</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        using var stop = cancel.Register(listener.Stop);
        while (!cancel.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (cancel.IsCancellationRequested)
            {
                break;
            }
            catch (HttpListenerException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            // Each request on its own: a browser that stops reading a large page holds up no other request.
            _ = Task.Run(() => Answer(context), CancellationToken.None);
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var path = Uri.UnescapeDataString(context.Request.Url?.AbsolutePath ?? "/").TrimStart('/');
            response.Headers["Cache-Control"] = "no-store";
            // The report is the site's inventory (names, addresses, roles, the private overlay's too):
            // no other site's page may read it. A page elsewhere cannot read an answer (no CORS), but it
            // could run search/index-N.js as a script of its own: browsers say where a request comes
            // from (Sec-Fetch-Site), and are told to keep the answers to this origin.
            response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            if (context.Request.Headers["Sec-Fetch-Site"] is { } site && site is not ("same-origin" or "none"))
            {
                Send(response, 403, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("this report answers only its own pages\n"));
                return;
            }

            if (path == "__version")
            {
                Send(response, 200, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return;
            }

            if (path.Length == 0 || path.EndsWith('/'))
            {
                path += "index.html";
            }

            if (pages.TryGetValue(path, out var page))
            {
                var type = Path.GetExtension(path) switch
                {
                    ".js" => "text/javascript; charset=utf-8",
                    ".css" => "text/css; charset=utf-8",
                    ".json" => "application/json",
                    _ => "text/html; charset=utf-8",
                };
                Send(response, 200, type, page);
            }
            else
            {
                Send(response, 404, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes($"no page {path} in this report\n"));
            }
        }
        catch (HttpListenerException)
        {
            // The browser went away mid-answer.
        }
        finally
        {
            response.Close();
        }
    }

    private static void Send(HttpListenerResponse response, int status, string type, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = type;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
    }

    public void Dispose() => listener.Close();
}
