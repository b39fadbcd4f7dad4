using System.Globalization;
using System.Xml;

namespace Elenta.Core.Emit.Vms;

/// <summary>The bridge and MAC of a VM's one network interface.</summary>
public sealed record VmNic(string Bridge, string Mac);

/// <summary>What a libvirt domain definition needs to know about one VM.</summary>
public sealed record VmDefinition(string Name, Guid Uuid, string Description, long MemoryBytes, int Cpus, string Arch, VmStorage Storage, VmNic? Nic);

/// <summary>A KVM domain: virtio disk and NIC, boot from disk, a serial console for <c>virsh console</c>.</summary>
public static class DomainXml
{
    public static string Render(VmDefinition vm) => LibvirtXml.Write(w =>
    {
        var kib = ((vm.MemoryBytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture);
        w.WriteStartElement("domain");
        w.WriteAttributeString("type", "kvm");
        w.WriteElementString("name", vm.Name);
        w.WriteElementString("uuid", vm.Uuid.ToString("D"));
        w.WriteElementString("description", vm.Description);
        Sized(w, "memory", kib);
        Sized(w, "currentMemory", kib);
        w.WriteStartElement("vcpu");
        w.WriteAttributeString("placement", "static");
        w.WriteString(vm.Cpus.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();

        w.WriteStartElement("os");
        w.WriteStartElement("type");
        w.WriteAttributeString("arch", vm.Arch);
        w.WriteString("hvm");
        w.WriteEndElement();
        w.Element("boot", ("dev", "hd"));
        w.WriteEndElement();

        w.WriteStartElement("features");
        w.Element("acpi");
        if (vm.Arch is "x86_64" or "i686")
        {
            w.Element("apic");
        }

        w.WriteEndElement();
        w.Element("cpu", ("mode", "host-passthrough"));
        w.WriteElementString("on_poweroff", "destroy");
        w.WriteElementString("on_reboot", "restart");
        w.WriteElementString("on_crash", "restart");

        w.WriteStartElement("devices");
        Disk(w, vm.Storage);
        if (vm.Nic is { } nic)
        {
            w.WriteStartElement("interface");
            w.WriteAttributeString("type", "bridge");
            w.Element("mac", ("address", nic.Mac));
            w.Element("source", ("bridge", nic.Bridge));
            w.Element("model", ("type", "virtio"));
            w.WriteEndElement();
        }

        w.WriteStartElement("serial");
        w.WriteAttributeString("type", "pty");
        w.Element("target", ("port", "0"));
        w.WriteEndElement();
        w.WriteStartElement("console");
        w.WriteAttributeString("type", "pty");
        w.Element("target", ("type", "serial"), ("port", "0"));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static void Sized(XmlWriter w, string name, string kib)
    {
        w.WriteStartElement(name);
        w.WriteAttributeString("unit", "KiB");
        w.WriteString(kib);
        w.WriteEndElement();
    }

    private static void Disk(XmlWriter w, VmStorage storage)
    {
        w.WriteStartElement("disk");
        if (storage.IsZvol)
        {
            w.WriteAttributeString("type", "block");
            w.WriteAttributeString("device", "disk");
            w.Element("driver", ("name", "qemu"), ("type", "raw"), ("cache", "none"), ("io", "native"));
            w.Element("source", ("dev", storage.SourcePath));
        }
        else
        {
            w.WriteAttributeString("type", "file");
            w.WriteAttributeString("device", "disk");
            w.Element("driver", ("name", "qemu"), ("type", "qcow2"));
            w.Element("source", ("file", storage.SourcePath));
        }

        w.Element("target", ("dev", "vda"), ("bus", "virtio"));
        w.WriteEndElement();
    }
}
