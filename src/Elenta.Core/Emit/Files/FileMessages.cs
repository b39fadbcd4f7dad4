using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Files;

/// <summary>Diagnostics of the files family (EL9140–EL9159): templates that cannot be rendered, paths that cannot be written.</summary>
public static class FileMessages
{
    public static readonly DiagnosticDescriptor TemplateMissing = new("EL9140", "Template file not found", Severity.Error, "Emit.Files");
    public static readonly DiagnosticDescriptor TemplateFailed = new("EL9141", "Template does not parse or render", Severity.Error, "Emit.Files");
    public static readonly DiagnosticDescriptor PathTwice = new("EL9142", "Two roles render the same file on one machine", Severity.Error, "Emit.Files");
    public static readonly DiagnosticDescriptor BadPath = new("EL9143", "File path is not absolute or climbs with '..'", Severity.Error, "Emit.Files");
}
