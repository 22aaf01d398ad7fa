using RunwareCloud.Imaging;
using RunwareCloud.Runware.Emulator.Synthesis;

namespace RunwareCloud.Runware.Emulator.Tests;

public sealed class SynthesisTests
{
    [Fact]
    public void Background_removal_keeps_the_subject_and_clears_the_border()
    {
        var image = SceneSynthesizer.Render("a red fox in a forest at sunset", 42, 512, 512, "runware:101@1");

        var mask = BackgroundRemover.SubjectMask(image);

        var subjectFraction = mask.Count(m => m) / (double)mask.Length;
        Assert.InRange(subjectFraction, 0.05, 0.5);
        Assert.False(mask[0]);
        Assert.False(mask[^1]);
        Assert.True(mask[(256 * 512) + 256] || mask[(300 * 512) + 256]);
    }
}
