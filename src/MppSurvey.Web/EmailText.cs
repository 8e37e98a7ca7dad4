namespace MppSurvey.Web;

/// <summary>
/// Marker for the e-mails' text and the password-reset pages' text in Resources/EmailText.resx
/// (Indonesian) and EmailText.en.resx (English).
/// </summary>
public sealed class EmailText;
