namespace RunwareCloud.Imaging;

/// <summary>Why an image could not be read, written or processed.</summary>
public enum ImagingErrorReason
{
    UnknownFormat,
    Truncated,
    Corrupt,
    Unsupported,
    TooLarge,
    InvalidArgument,
    NativeLibraryMissing,
    NativeFailure,
}

/// <summary>The only exception the imaging library throws for bad input, limits or missing codecs.</summary>
public sealed class ImagingException(ImagingErrorReason reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ImagingErrorReason Reason { get; } = reason;
}
