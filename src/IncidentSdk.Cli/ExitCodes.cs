namespace IncidentSdk.Cli;

/// <summary>The process exit codes scripts can branch on; the root command's help lists them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Other = 1;
    public const int Usage = 2;
    public const int Validation = 3;
    public const int Authentication = 4;
    public const int NotFound = 5;
    public const int Throttled = 6;
    public const int Service = 7;
    public const int Transport = 8;
    public const int CreationUnknown = 9;
    public const int ActionNotOffered = 10;

    /// <summary>The table shown in <c>incident --help</c> and the README.</summary>
    public const string HelpTable =
        "Exit codes:\n"
        + "  0  success\n"
        + "  1  any other failure\n"
        + "  2  usage or configuration error (bad arguments, missing settings); nothing sent\n"
        + "  3  invalid request (RequestValidationException); nothing sent\n"
        + "  4  authentication failed or permission denied\n"
        + "  5  not found (API, ticket or event)\n"
        + "  6  throttled; retry later\n"
        + "  7  service error: unavailable, invalid response, or any other error code\n"
        + "  8  transport failure or timeout: no usable response (the request may have reached the server)\n"
        + "  9  ticket create outcome unknown: the answer was lost and no ticket with its marker was found; look for the marker before creating it again\n"
        + "  10 the ticket does not offer the action (within --wait); nothing sent";
}
