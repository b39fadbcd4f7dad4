using Spectre.Console;
using Spectre.Console.Rendering;

namespace Elenta.Cli.Rendering;

/// <summary>Plain tables through Spectre.Console, onto any TextWriter (colour only on a terminal).</summary>
internal static class Tables
{
    public static void Write(TextWriter writer, bool color, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        foreach (var h in header)
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(h)}[/]")) { Padding = new Padding(0, 0, 2, 0), NoWrap = true });
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(c => (IRenderable)new Text(c)).ToArray());
        }

        console.Write(new Padder(table, new Padding(2, 0, 0, 0)));
    }
}
