using System.Runtime.InteropServices;

namespace RunwareCloud.Imaging;

/// <summary>Loads a system codec library on first use and resolves its exports, failing with a typed error when absent.</summary>
internal sealed class NativeLibraryLoader(string libraryName, string package)
{
    private readonly Lazy<IntPtr> _handle = new(() =>
        NativeLibrary.TryLoad(libraryName, out var handle) ? handle : IntPtr.Zero);

    public IntPtr Export(string name)
    {
        var handle = _handle.Value;
        if (handle == IntPtr.Zero)
        {
            throw new ImagingException(ImagingErrorReason.NativeLibraryMissing,
                $"The system library {libraryName} is not installed (Debian package {package}).");
        }

        if (!NativeLibrary.TryGetExport(handle, name, out var address))
        {
            throw new ImagingException(ImagingErrorReason.NativeLibraryMissing, $"The system library {libraryName} has no export {name}.");
        }

        return address;
    }
}
