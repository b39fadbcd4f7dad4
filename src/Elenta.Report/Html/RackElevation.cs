using System.Text;
using Elenta.Core.Model;
using static Elenta.Report.Html.Html;

namespace Elenta.Report.Html;

/// <summary>One thing that takes rack units: a host, a switch or a router.</summary>
internal sealed record Mounted(string Name, string Kind, int Unit, int Height, string? Page);

/// <summary>
/// A rack drawn as SVG, front and rear: U1 at the bottom, one row per unit with its number, each
/// device a linked box over its units, empty units marked "empty" (words, not colour). The
/// cadaster records no depth, so the rear shows the same devices, and beside it the rack's PDUs
/// with what is plugged in against their capacity.
/// </summary>
internal static class RackElevation
{
    private const int UnitPx = 18;
    private const int Width = 220;
    private const int Left = 36;
    private const int Top = 24;

    public static string Svg(string page, Rack rack, IReadOnlyList<Mounted> devices, string side)
    {
        var height = Top + rack.Height * UnitPx + 8;
        var b = new StringBuilder();
        b.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Left + Width + 8}\" height=\"{height}\" viewBox=\"0 0 {Left + Width + 8} {height}\" role=\"group\" aria-label=\"rack {E(rack.Name)}, {side}\" data-rack=\"{E(rack.Name)}\" data-side=\"{side}\">\n");
        b.Append($"<text x=\"{Left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{E(rack.Name)} — {side}</text>\n");
        var taken = new bool[rack.Height + 1];
        foreach (var d in devices)
        {
            for (var u = d.Unit; u < d.Unit + d.Height; u++)
            {
                if (u >= 1 && u <= rack.Height)
                {
                    taken[u] = true;
                }
            }
        }

        for (var u = rack.Height; u >= 1; u--)
        {
            var y = Y(rack, u, 1);
            b.Append($"<text x=\"{Left - 4}\" y=\"{y + 13}\" font-size=\"10\" text-anchor=\"end\" data-u=\"{u}\">U{u}</text>");
            if (!taken[u])
            {
                b.Append($"<rect x=\"{Left}\" y=\"{y}\" width=\"{Width}\" height=\"{UnitPx}\" fill=\"#fff\" stroke=\"#bbb\" stroke-dasharray=\"3 2\"/>")
                    .Append($"<text x=\"{Left + 6}\" y=\"{y + 13}\" font-size=\"9\" fill=\"#666\">empty</text>");
            }

            b.Append('\n');
        }

        foreach (var d in devices.OrderByDescending(d => d.Unit))
        {
            var y = Y(rack, d.Unit, d.Height);
            var units = d.Height > 1 ? $"U{d.Unit}–U{d.Unit + d.Height - 1}" : $"U{d.Unit}";
            var box = $"<rect x=\"{Left}\" y=\"{y}\" width=\"{Width}\" height=\"{d.Height * UnitPx}\" fill=\"#e8e8e8\" stroke=\"#000\" stroke-width=\"1.5\"/>"
                + $"<text x=\"{Left + 6}\" y=\"{y + 13}\" font-size=\"11\">{E(d.Name)} ({d.Kind}, {units})</text>";
            var attributes = $"data-machine=\"{E(d.Name)}\" data-unit=\"{d.Unit}\" data-height=\"{d.Height}\"";
            b.Append(d.Page is null
                ? $"<g {attributes}>{box}</g>\n"
                : $"<a href=\"{Href(page, d.Page)}\" {attributes} aria-label=\"{E(d.Name)}, {d.Kind}, {units}\">{box}</a>\n");
        }

        return b.Append("</svg>").ToString();
    }

    /// <summary>The top of a device at <paramref name="unit"/> spanning <paramref name="height"/> units (U1 at the bottom).</summary>
    private static int Y(Rack rack, int unit, int height) => Top + (rack.Height - (unit + height - 1)) * UnitPx;
}
