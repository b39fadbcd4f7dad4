using System.Globalization;

namespace Elenta.Core.Emit.Vms;

/// <summary>The bridge and MAC of a VM's one network interface.</summary>
public sealed record VmNic(string Bridge, string Mac);

/// <summary>What a libvirt domain definition needs to know about one VM, and the host it runs on.</summary>
public sealed record VmDefinition(string Name, string Host, Guid Uuid, string Description, long MemoryBytes, int Cpus, string Arch, VmStorage Storage, VmNic? Nic);

/// <summary>A KVM domain: virtio disk and NIC, boot from disk, a serial console for <c>virsh console</c>.</summary>
public static class DomainXml
{
    public static byte[] Render(VmDefinition vm) => LibvirtXml.Write(w =>
    {
        var kib = ((vm.MemoryBytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture);
        w.Open("domain", ("type", "kvm"));
        w.Text("name", vm.Name);
        w.Text("uuid", vm.Uuid.ToString("D"));
        w.Text("description", vm.Description);
        w.Text("memory", kib, ("unit", "KiB"));
        w.Text("currentMemory", kib, ("unit", "KiB"));
        w.Text("vcpu", vm.Cpus.ToString(CultureInfo.InvariantCulture), ("placement", "static"));

        w.Open("os");
        w.Text("type", "hvm", ("arch", vm.Arch));
        w.Empty("boot", ("dev", "hd"));
        w.Close();

        w.Open("features");
        w.Empty("acpi");
        if (vm.Arch is "x86_64" or "i686")
        {
            w.Empty("apic");
        }

        w.Close();
        w.Empty("cpu", ("mode", "host-passthrough"));
        w.Text("on_poweroff", "destroy");
        w.Text("on_reboot", "restart");
        w.Text("on_crash", "restart");

        w.Open("devices");
        Disk(w, vm.Storage);
        if (vm.Nic is { } nic)
        {
            w.Open("interface", ("type", "bridge"));
            w.Empty("mac", ("address", nic.Mac));
            w.Empty("source", ("bridge", nic.Bridge));
            w.Empty("model", ("type", "virtio"));
            w.Close();
        }

        w.Open("serial", ("type", "pty"));
        w.Empty("target", ("port", "0"));
        w.Close();
        w.Open("console", ("type", "pty"));
        w.Empty("target", ("type", "serial"), ("port", "0"));
        w.Close();
        w.Close();
        w.Close();
    });

    private static void Disk(ILibvirtXmlWriter w, VmStorage storage)
    {
        if (storage.IsZvol)
        {
            w.Open("disk", ("type", "block"), ("device", "disk"));
            w.Empty("driver", ("name", "qemu"), ("type", "raw"), ("cache", "none"), ("io", "native"));
            w.Empty("source", ("dev", storage.SourcePath));
        }
        else
        {
            w.Open("disk", ("type", "file"), ("device", "disk"));
            w.Empty("driver", ("name", "qemu"), ("type", "qcow2"));
            w.Empty("source", ("file", storage.SourcePath));
        }

        w.Empty("target", ("dev", "vda"), ("bus", "virtio"));
        w.Close();
    }
}
