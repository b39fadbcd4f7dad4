using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Disks;

/// <summary>Diagnostics of the disks family (EL9100–EL9119): what stops a safe format-disks script.</summary>
public static class DiskMessages
{
    public static readonly DiagnosticDescriptor UnsupportedPoolType = new("EL9100", "Pool type not supported by format-disks yet", Severity.Error, "Emit.Disks");
    public static readonly DiagnosticDescriptor DiskByPath = new("EL9101", "Pool disk given by a device path", Severity.Error, "Emit.Disks");
    public static readonly DiagnosticDescriptor DiskWithoutWwn = new("EL9102", "Pool disk has no WWN", Severity.Error, "Emit.Disks");
    public static readonly DiagnosticDescriptor DiskOnOtherHost = new("EL9103", "Pool disk is installed in another host", Severity.Error, "Emit.Disks");
    public static readonly DiagnosticDescriptor DiskInTwoPools = new("EL9104", "Disk used by two pools", Severity.Error, "Emit.Disks");
    public static readonly DiagnosticDescriptor LayoutNotForType = new("EL9105", "Layout does not fit the pool type", Severity.Error, "Emit.Disks");
    public static readonly DiagnosticDescriptor TooFewDisks = new("EL9106", "Too few disks for the layout", Severity.Error, "Emit.Disks");
}
