using System.Text;
using Elenta.Core.Emit.Vms;

namespace Elenta.Core.Tests.Emit.Vms;

/// <summary>
/// LibvirtXml writes plain documents itself and leaves the rest to XmlWriter: both paths must give
/// the same bytes, whatever the names, descriptions and paths hold.
/// </summary>
public sealed class LibvirtXmlTests
{
    public static TheoryData<string> Values() =>
    [
        "barge",
        "web & db <primary> \"quoted\" 'single'",
        "a > b && c < d",
        "",
        "line one\nline two",
        "windows\r\nline\rends",
        "tab\there",
        "café über naïve",
        "emoji \U0001F600 here",
        "next line \u0085 and separator \u2028",
        "]]> and &amp; already escaped",
    ];

    private static void Document(ILibvirtXmlWriter w, string value)
    {
        w.Open("domain", ("type", "kvm"), ("note", value));
        w.Text("name", value);
        w.Text("memory", "1024", ("unit", "KiB"));
        w.Open("devices");
        w.Open("disk", ("type", "file"), ("device", value));
        w.Empty("source", ("file", value));
        w.Empty("target", ("dev", "vda"), ("bus", "virtio"));
        w.Close();
        w.Empty("acpi");
        w.Close();
        w.Close();
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void ThePlainPathWritesWhatXmlWriterWrites(string value)
    {
        var written = LibvirtXml.Write(w => Document(w, value));
        var reference = LibvirtXml.WriteWithXmlWriter(w => Document(w, value));
        Assert.Equal(Encoding.UTF8.GetString(reference), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void PrintableAsciiTakesThePlainPathAndOtherCharactersTheXmlWriter()
    {
        var plain = new PlainLibvirtXmlWriter();
        Document(plain, "web & db <primary> \"quoted\"");
        Assert.False(plain.NeedsXmlWriter);

        var other = new PlainLibvirtXmlWriter();
        Document(other, "café");
        Assert.True(other.NeedsXmlWriter);
    }

    [Fact]
    public void EachDocumentStartsFromNothingThoughTheWriterIsReused()
    {
        // A long document, one that falls back to XmlWriter, a short one, half of one that failed:
        // the next document on the same thread owes nothing to any of them.
        LibvirtXml.Write(w => Document(w, new string('x', 5000)));
        LibvirtXml.Write(w => Document(w, "café"));
        Assert.Throws<InvalidOperationException>(() => LibvirtXml.Write(w =>
        {
            w.Open("domain");
            w.Open("devices");
            throw new InvalidOperationException("stopped half-way");
        }));
        var written = LibvirtXml.Write(w => Document(w, "short"));
        Assert.Equal(Encoding.UTF8.GetString(LibvirtXml.WriteWithXmlWriter(w => Document(w, "short"))), Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void TheLayoutIsIndentedWithOneElementPerLineAndAFinalNewline()
    {
        var text = Encoding.UTF8.GetString(LibvirtXml.Write(w => Document(w, "x")));
        Assert.StartsWith("<domain type=\"kvm\" note=\"x\">\n  <name>x</name>\n", text, StringComparison.Ordinal);
        Assert.Contains("\n    <disk type=\"file\" device=\"x\">\n      <source file=\"x\" />\n", text, StringComparison.Ordinal);
        Assert.EndsWith("  </devices>\n</domain>\n", text, StringComparison.Ordinal);
    }
}
