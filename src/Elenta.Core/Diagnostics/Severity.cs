namespace Elenta.Core.Diagnostics;

/// <summary>How serious a diagnostic is. <see cref="Off"/> silences a rule.</summary>
public enum Severity
{
    Off = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
}
