namespace Elenta.Core.Emit.Dashboard;

/// <summary>One link on the dashboard, in the section it is shown under.</summary>
public sealed record DashboardItem(string Section, string Title, string Url, string? Icon, string? Description);
