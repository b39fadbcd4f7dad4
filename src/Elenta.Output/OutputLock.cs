using System.Runtime.InteropServices;

namespace Elenta.Output;

/// <summary>
/// One build at a time into an output directory: an exclusive <c>flock(2)</c> on
/// <c>DIR/.elenta-lock</c>, held from the build's first write to its last (the index, the trace).
/// Two builds (two deploys from one checkout build into its <c>.elenta/build</c>) would otherwise
/// share the temporary names of the files they replace and interleave their bytes. The kernel frees
/// the lock when its holder exits, however it ends. The file is opened with open(2) itself: .NET's
/// emulation of FileShare (flock too, where it is not turned off as the CLI does) would refuse
/// the file where this lock waits for it.
/// </summary>
public sealed class OutputLock : IDisposable
{
    public const string FileName = ".elenta-lock";

    private const int ReadWriteCreateCloseOnExec = 0x2 | 0x40 | 0x80000; // O_RDWR | O_CREAT | O_CLOEXEC
    private const int Exclusive = 2;
    private const int NonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK (EAGAIN)
    private const int Interrupted = 4; // EINTR

    private int fd;

    private OutputLock(int fd) => this.fd = fd;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);

    /// <summary>Takes the directory's lock (making the directory), waiting for another build that holds it; <paramref name="waiting"/> hears of that once.</summary>
    public static OutputLock Take(string directory, Action<string>? waiting = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new OutputLock(-1);
        }

        Directory.CreateDirectory(directory);
        var fd = Open(Path.Combine(directory, FileName), ReadWriteCreateCloseOnExec, 0b110_100_100);
        if (fd < 0)
        {
            throw new IOException($"{directory}: cannot open {FileName} to lock the directory for the build ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})");
        }

        if (Flock(fd, Exclusive | NonBlocking) != 0)
        {
            if (Marshal.GetLastPInvokeError() != WouldBlock)
            {
                Fail();
            }

            waiting?.Invoke($"waiting for another build into {directory} to finish...");
            while (Flock(fd, Exclusive) != 0)
            {
                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    Fail();
                }
            }
        }

        return new OutputLock(fd);

        void Fail()
        {
            var error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            Close(fd);
            throw new IOException($"{directory}: cannot lock {FileName} for the build ({error})");
        }
    }

    public void Dispose()
    {
        if (fd >= 0)
        {
            Close(fd);
            fd = -1;
        }
    }
}
