using Microsoft.Playwright;

namespace MppSurvey.BrowserTests.Infrastructure;

/// <summary>
/// One Debian Chromium for the whole run (Playwright's own browser download is not used); each
/// test gets a fresh context, so no storage, IndexedDB or service worker leaks between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}: apt-get install -y chromium");
        }
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A phone (Pixel 7), a kiosk-sized tablet (1024 x 768, touch), or an office desktop.</summary>
    public BrowserNewContextOptions Device(string device) => device switch
    {
        "phone" => new BrowserNewContextOptions(Playwright.Devices["Pixel 7"]),
        "tablet" => new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1024, Height = 768 },
            DeviceScaleFactor = 1,
            HasTouch = true,
        },
        "desktop" => new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } },
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "phone, tablet or desktop"),
    };

    public async Task<IBrowserContext> NewContextAsync(string device, string baseUrl)
    {
        var options = Device(device);
        options.BaseURL = baseUrl;
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
