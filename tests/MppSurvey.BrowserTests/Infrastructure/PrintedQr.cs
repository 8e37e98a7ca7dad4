using Microsoft.Playwright;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// Reads a QR code the way a phone camera does: from the pixels Chromium painted on the screen
/// (an element screenshot, after the page's CSS scaled it), not from the image's source or the text
/// beside it. PNG decoding (StbImageSharp) and QR decoding (ZXing.Net) are managed code: no npm.
/// </summary>
public static class PrintedQr
{
    public static async Task<string?> ReadAsync(ILocator image)
    {
        var png = await image.ScreenshotAsync(new LocatorScreenshotOptions { Type = ScreenshotType.Png });
        var pixels = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var luminance = new RGBLuminanceSource(pixels.Data, pixels.Width, pixels.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        try
        {
            var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(luminance)), hints)?.Text;
        }
        catch (ReaderException)
        {
            // No finder pattern or an unreadable code: what a phone would fail on too.
            return null;
        }
    }
}
