using System.CommandLine;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta schema</c>: the site format as a JSON Schema, for editors.</summary>
internal static class SchemaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schema",
            """
            Print a JSON Schema (draft 2020-12) of the site format, so editors complete and validate
            site files. Every site file is checked against the whole schema, since any file may define
            any part of the site.

            Example:
              elenta schema > .elenta.schema.json
              elenta schema --format markdown
              # then, first line of a site file:  # yaml-language-server: $schema=.elenta.schema.json
            """);
        var format = new Option<string>("--format", "-f") { Description = "json (a JSON Schema) or markdown (the field reference in docs/format.md)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "markdown");
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            context.Out.Write(parse.GetValue(format) == "markdown" ? MarkdownSchemaWriter.Write() : ViewJson.Serialize(JsonSchemaWriter.Write()));
            return 0;
        });
        return command;
    }
}
