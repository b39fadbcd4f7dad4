using System.Globalization;
using System.Net;
using System.Text;

namespace Elenta.Report.Html;

/// <summary>
/// The pieces every report page shares: escaping, the page frame (skip link, navigation, the
/// search box), the style sheet and the script (one file each beside the pages). No CDN, no fonts, nothing fetched: a page works from
/// file://. Status is always written as words as well as shown by colour or pattern.
/// </summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A relative link from a page at <paramref name="from"/> to the page at <paramref name="to"/> (both report paths).</summary>
    public static string Href(string from, string to)
    {
        var depth = from.Count(c => c == '/');
        var up = string.Concat(Enumerable.Repeat("../", depth));
        return up + string.Join('/', to.Split('/').Select(s => s.StartsWith('#') ? s : Uri.EscapeDataString(s).Replace("%23", "#", StringComparison.Ordinal)));
    }

    public const string Style = """
        :root { color-scheme: light; --ink: #111; --muted: #555; --line: #999; --accent: #0645ad; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, sans-serif; color: var(--ink); margin: 0; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, summary:focus { outline: 3px solid #000; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; z-index: 9; }
        header { border-bottom: 2px solid var(--ink); padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
        header nav a { margin-right: 12px; }
        header form { margin-left: auto; }
        main { padding: 8px 16px 32px; max-width: 1400px; }
        table { border-collapse: collapse; margin: 8px 0 16px; }
        th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #eee; }
        pre { background: #f6f6f6; border: 1px solid var(--line); padding: 8px; overflow: auto; }
        .bar { display: inline-block; width: 160px; height: 12px; border: 1px solid var(--ink); vertical-align: middle; margin-right: 6px; background: #fff; }
        .bar > span { display: block; height: 100%; background: #555; }
        .bar.over > span { background: repeating-linear-gradient(45deg, #000 0 3px, #fff 3px 6px); }
        .sev-error { font-weight: bold; }
        .sev-error::before { content: "✖ "; }
        .sev-warning::before { content: "▲ "; }
        .sev-info::before { content: "ℹ "; }
        .src { counter-reset: none; font: 13px/1.4 monospace; }
        .src a.ln { display: inline-block; width: 4em; color: var(--muted); text-decoration: none; }
        .src span.l { display: block; white-space: pre; }
        .src span.l:target { background: #ffec8b; outline: 2px solid #000; }
        .racks { display: flex; flex-wrap: wrap; gap: 24px; }
        .racks svg a:focus rect { stroke-width: 4; }
        .pager a, .pager strong { margin-right: 8px; }
        .counts { display: flex; flex-wrap: wrap; gap: 8px; padding: 0; list-style: none; }
        .counts li { border: 1px solid var(--line); padding: 6px 12px; }
        .counts b { font-size: 1.4em; display: block; }
        #results li { margin: 2px 0; }
        .graph svg { max-width: 100%; height: auto; }
        """;

    /// <summary>Any page: "/" focuses the search box; the reload check when served (see Serve).</summary>
    public const string Script = """
        document.addEventListener('keydown', function (e) {
          if (e.key === '/' && document.activeElement && document.activeElement.tagName !== 'INPUT') {
            var q = document.getElementById('q'); if (q) { e.preventDefault(); q.focus(); }
          }
        });
        if (location.protocol === 'http:' || location.protocol === 'https:') {
          (function () {
            var seen = null;
            function poll() {
              fetch('/__version', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (v) {
                if (seen !== null && v !== seen) { location.reload(); return; }
                seen = v; setTimeout(poll, 1000);
              }).catch(function () { setTimeout(poll, 2000); });
            }
            poll();
          })();
        }
        """;

    /// <summary>The style every page links to (one file, not a copy in each of 60,000 pages).</summary>
    public const string StylePath = "report.css";

    /// <summary>The script every page loads (search key, reload when served).</summary>
    public const string ScriptPath = "report.js";

    public static string Page(string path, string site, string title, string body)
    {
        var b = new StringBuilder(body.Length + 2000);
        Head(b, path, site, title);
        b.Append(body);
        Foot(b, path);
        return b.ToString();
    }

    /// <summary>A page's start, up to and including its title heading; the body follows, then <see cref="Foot"/>.</summary>
    public static void Head(StringBuilder b, string path, string site, string title)
    {
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · ").Append(E(site)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Href(path, StylePath)).Append("\">\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header>\n<strong>").Append(E(site)).Append("</strong>\n")
            .Append("<nav aria-label=\"Report\">")
            .Append($"<a href=\"{Href(path, "index.html")}\">Overview</a>")
            .Append($"<a href=\"{Href(path, "machines-1.html")}\">Machines</a>")
            .Append($"<a href=\"{Href(path, "capacity-1.html")}\">Capacity</a>")
            .Append($"<a href=\"{Href(path, "racks-1.html")}\">Racks</a>")
            .Append($"<a href=\"{Href(path, "network.html")}\">Network</a>")
            .Append($"<a href=\"{Href(path, "dns.html")}\">DNS</a>")
            .Append($"<a href=\"{Href(path, "deploys-1.html")}\">Deploys</a>")
            .Append("</nav>\n")
            .Append($"<form role=\"search\" action=\"{Href(path, "search.html")}\" method=\"get\"><label for=\"q\">Search machines and names </label>")
            .Append("<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"name, address, role (press /)\" autocomplete=\"off\"> <button type=\"submit\">Search</button></form>\n")
            .Append("</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>").Append(E(title)).Append("</h1>\n");
    }

    public static void Foot(StringBuilder b, string path) =>
        b.Append("</main>\n<script src=\"").Append(Href(path, ScriptPath)).Append("\"></script>\n</body>\n</html>\n");

    /// <summary>Links to the pages of a paginated list: "1 2 3", the current one not a link.</summary>
    public static string Pager(string path, string baseName, int page, int pages)
    {
        if (pages <= 1)
        {
            return string.Empty;
        }

        var b = new StringBuilder("<nav class=\"pager\" aria-label=\"Pages\">Page: ");
        for (var p = 1; p <= pages; p++)
        {
            b.Append(p == page ? $"<strong aria-current=\"page\">{p}</strong>" : $"<a href=\"{Href(path, $"{baseName}-{p}.html")}\">{p}</a>");
        }

        return b.Append("</nav>\n").ToString();
    }

    /// <summary>A bar for a share of a capacity, with the numbers in words beside it.</summary>
    public static string Bar(double used, double? capacity, string text)
    {
        if (capacity is not { } cap || cap <= 0)
        {
            return E(text);
        }

        var share = used / cap;
        var over = share > 1;
        var width = Math.Min(100, share * 100);
        return $"<span class=\"bar{(over ? " over" : string.Empty)}\" role=\"img\" aria-label=\"{I((long)Math.Round(share * 100))}%\"><span style=\"width:{N(width)}%\"></span></span>{E(text)} ({I((long)Math.Round(share * 100))}%{(over ? ", over capacity" : string.Empty)})";
    }
}
