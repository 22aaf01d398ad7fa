using System.Diagnostics;
using RunwareCloud.Imaging;

namespace RunwareCloud.Runware.Emulator.Synthesis;

/// <summary>Pipes RGBA frames into ffmpeg and returns a browser-playable MP4 (H.264, yuv420p, faststart).</summary>
public static class VideoRenderer
{
    public static async Task<byte[]> EncodeMp4Async(string ffmpeg, IEnumerable<RgbaImage> frames, int width, int height, int fps, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), $"runware-emulator-{Guid.NewGuid():N}.mp4");
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", $"{width}x{height}",
                     "-r", fps.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "-", "-c:v", "libx264", "-preset", "ultrafast",
                     "-pix_fmt", "yuv420p", "-movflags", "+faststart", output,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        try
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await using (var stdin = process.StandardInput.BaseStream)
            {
                foreach (var frame in frames)
                {
                    await stdin.WriteAsync(frame.Pixels, cancellationToken);
                }
            }

            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {await errors}");
            }

            return await File.ReadAllBytesAsync(output, cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(output);
        }
    }
}
