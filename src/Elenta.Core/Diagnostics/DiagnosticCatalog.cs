using System.Reflection;

namespace Elenta.Core.Diagnostics;

/// <summary>Every diagnostic code Elenta can report, found by reflection so nothing is listed by hand.</summary>
public static class DiagnosticCatalog
{
    private static readonly Lazy<IReadOnlyList<DiagnosticDescriptor>> All = new(Discover);

    public static IReadOnlyList<DiagnosticDescriptor> Descriptors => All.Value;

    public static DiagnosticDescriptor? Find(string code) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<DiagnosticDescriptor> Discover()
    {
        var list = new List<DiagnosticDescriptor>();
        foreach (var type in typeof(DiagnosticCatalog).Assembly.GetTypes())
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                if (field.FieldType == typeof(DiagnosticDescriptor) && field.GetValue(null) is DiagnosticDescriptor d)
                {
                    list.Add(d);
                }
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return list;
    }
}
