namespace RunwareCloud.Generation.Api.Model;

public static class GenerationKinds
{
    public const string TextToImage = "textToImage";
    public const string ImageToImage = "imageToImage";
    public const string Inpaint = "inpaint";
    public const string Video = "video";

    public static readonly IReadOnlyList<string> ImageKinds = [TextToImage, ImageToImage, Inpaint];
}
