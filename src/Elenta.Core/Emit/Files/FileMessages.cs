using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Files;

/// <summary>Diagnostics of the files family (EL9140–EL9159): templates that cannot be read or rendered, which only the build can find out (EL9142 and EL9143 are retired).</summary>
public static class FileMessages
{
    public static readonly DiagnosticDescriptor TemplateMissing = new("EL9140", "Template file not found", Severity.Error, "Emit.Files");
    public static readonly DiagnosticDescriptor TemplateFailed = new("EL9141", "Template does not parse or render", Severity.Error, "Emit.Files");
}
