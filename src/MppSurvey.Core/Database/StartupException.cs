namespace MppSurvey.Core.Database;

/// <summary>
/// A configuration or environment problem that stops start-up. Program prints its message alone
/// (no stack trace) and exits non-zero: the operator needs the fix, not our call stack.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
