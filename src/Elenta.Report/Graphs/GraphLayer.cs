namespace Elenta.Report.Graphs;

/// <summary>Which picture of the site a graph draws.</summary>
public enum GraphLayer
{
    /// <summary>Hosts, switches, routers and PDUs by rack; cables from interfaces to switch ports; bonds; power feeds.</summary>
    Physical,

    /// <summary>Networks as clusters, machines by address, firewalls with their zones and the flows their rules allow.</summary>
    Network,

    /// <summary>Roles, the instances that place them, the machines they run on, and the requirements between roles.</summary>
    Constellation,
}
