using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Elenta.Report.Tests;

/// <summary>
/// One headless Chromium session, Debian's (/usr/bin/chromium) driven through Debian's chromedriver:
/// both paths are given, so Selenium downloads nothing. Screenshots go to screenshots/ in the
/// test's output directory.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public Browser()
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400",
            "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-component-update");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
    }

    public ChromeDriver Driver { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, name + ".png"));
    }

    public void Open(string url) => Driver.Navigate().GoToUrl(url);

    public T Wait<T>(Func<IWebDriver, T> until, int seconds = 20) =>
        new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)).Until(until);

    public object? Js(string script, params object[] args) => Driver.ExecuteScript(script, args);

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
