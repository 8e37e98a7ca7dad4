namespace MppSurvey.Web;

/// <summary>
/// Marker for the site navigation's text, the sign-in landing and the empty states that say what to do,
/// in Resources/NavText.resx (Indonesian) and NavText.en.resx (English).
/// </summary>
public sealed class NavText;
