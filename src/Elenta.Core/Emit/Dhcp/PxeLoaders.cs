namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// How a PXE client is told apart and which iPXE loader it chainloads. PXE firmware reports its
/// architecture in option 93 (RFC 4578: 0 = BIOS, 7 and 9 = x86-64 UEFI); iPXE itself announces
/// user class "iPXE" (option 77) and sends its own option 175, and then gets its per-MAC script.
/// The loader names are those the Debian ipxe package ships in /usr/lib/ipxe.
/// </summary>
public static class PxeLoaders
{
    public const string Bios = "undionly.kpxe";
    public const string Uefi = "ipxe.efi";
    public const string IpxeUserClass = "iPXE";
    public const int IpxeOption = 175;
    public const int BiosArch = 0;
    public static readonly IReadOnlyList<int> UefiX64Arches = [7, 9];
}
