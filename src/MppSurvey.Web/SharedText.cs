namespace MppSurvey.Web;

/// <summary>Marker for the UI text in Resources/SharedText.resx (Indonesian) and SharedText.en.resx (English).</summary>
public sealed class SharedText;
