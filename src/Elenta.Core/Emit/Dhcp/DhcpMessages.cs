using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>The DHCP emitter's diagnostics (EL9020–EL9039).</summary>
public static class DhcpMessages
{
    public static readonly DiagnosticDescriptor BadLeaseTime = new("EL9020", "DHCP lease time cannot be read", Severity.Error, "Emit");
    public static readonly DiagnosticDescriptor DuplicateReservation = new("EL9021", "Two DHCP reservations for one MAC or one address", Severity.Warning, "Emit");

    public static Diagnostic BadLeaseTimeError(Location location, string text, string why) =>
        BadLeaseTime.Create(location, $"lease time '{text}' {why}",
            $"write seconds (3600) or a duration with units s, m, h, d, w (12h, 30m, 1d, 1h30m) of at least {LeaseTime.MinimumSeconds} seconds");

    public static Diagnostic DuplicateReservationWarning(Location location, string network, string what, string kept, string dropped, Location keptAt) =>
        DuplicateReservation.Create(location, $"on network '{network}', {what} is claimed by {kept} and by {dropped}; only {kept} gets the reservation",
            "give each address its own interface with its own MAC, or mark the extra address's interface as an alias",
            [new RelatedLocation(keptAt, $"{kept} is reserved from here")]);
}
