using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>The DHCP emitter's diagnostics (EL9021–EL9039; EL9020 is retired).</summary>
public static class DhcpMessages
{
    public static readonly DiagnosticDescriptor DuplicateReservation = new("EL9021", "Two DHCP reservations for one MAC or one address", Severity.Warning, "Emit");

    public static Diagnostic DuplicateReservationWarning(Location location, string network, string what, string kept, string dropped, Location keptAt) =>
        DuplicateReservation.Create(location, $"on network '{network}', {what} is claimed by {kept} and by {dropped}; only {kept} gets the reservation",
            "give each address its own interface with its own MAC, or mark the extra address's interface as an alias",
            [new RelatedLocation(keptAt, $"{kept} is reserved from here")]);
}
