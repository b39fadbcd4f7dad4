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
              # then, first line of a site file:  # yaml-language-server: $schema=.elenta.schema.json
            """);
        command.SetAction(_ =>
        {
            context.Out.Write(ViewJson.Serialize(JsonSchemaWriter.Write()));
            return 0;
        });
        return command;
    }
}
