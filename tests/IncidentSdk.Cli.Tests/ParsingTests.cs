using IncidentSdk.Coc;
using IncidentSdk.JsonRpc;
using IncidentSdk.Validation;

namespace IncidentSdk.Cli.Tests;

/// <summary>The value parsers and the failure classification on their own.</summary>
public sealed class ParsingTests
{
    [TestCase("0", EventSeverity.NotClassified)]
    [TestCase("not-classified", EventSeverity.NotClassified)]
    [TestCase("Information", EventSeverity.Information)]
    [TestCase("info", EventSeverity.Information)]
    [TestCase("2", EventSeverity.Warning)]
    [TestCase("AVERAGE", EventSeverity.Average)]
    [TestCase("high", EventSeverity.High)]
    [TestCase("5", EventSeverity.Disaster)]
    public void SeverityNamesAndNumbers(string text, EventSeverity expected) =>
        Assert.That(ZabbixCommands.ParseSeverity(text), Is.EqualTo(expected));

    [TestCase("6")]
    [TestCase("-1")]
    [TestCase("critical")]
    [TestCase("")]
    public void UnknownSeverities(string text) => Assert.That(ZabbixCommands.ParseSeverity(text), Is.Null);

    [TestCase("0h", "is not a duration")]
    [TestCase("36501d", "is not a duration")]
    [TestCase("1969-12-31T00:00:00Z", "is not after 1970-01-01")]
    [TestCase("soon", "is not a time")]
    public void BadUntilValues(string text, string expected)
    {
        var ok = ZabbixCommands.ParseUntil(text, new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain(expected));
        });
    }

    [Test]
    public void UntilIndefinitelyIsCaseInsensitive()
    {
        var ok = ZabbixCommands.ParseUntil("Indefinitely", DateTimeOffset.UnixEpoch, out var value, out _);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(value.IsIndefinite, Is.True);
        });
    }

    [TestCase("a=b", "a", "\"b\"")]
    [TestCase("a=", "a", "\"\"")]
    [TestCase("url=https://x/?q=1", "url", "\"https://x/?q=1\"")]
    [TestCase("n:=42", "n", "42")]
    [TestCase("o:={\"k\":[1,2]}", "o", "{\"k\":[1,2]}")]
    [TestCase("s:=\"quoted\"", "s", "\"quoted\"")]
    public void ParametersParse(string text, string name, string json)
    {
        var (parsedName, value, error) = CocCommands.ParseParameter(text);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(parsedName, Is.EqualTo(name));
            Assert.That(value?.ToJsonString(), Is.EqualTo(json));
        });
    }

    [TestCase("=v")]
    [TestCase(":=1")]
    [TestCase("novalue")]
    [TestCase("n:=[1,")]
    public void BadParameters(string text) => Assert.That(CocCommands.ParseParameter(text).Error, Is.Not.Null);

    [TestCase("config", "inc_type_p_config_issues")]
    [TestCase("Middleware", "inc_type_p_middleware_issues")]
    [TestCase("security", "inc_type_p_security_issues")]
    [TestCase("change", "inc_type_p_change_issues")]
    [TestCase("inc_type_p_custom", "inc_type_p_custom")]
    public void Categories(string text, string expected) => Assert.That(CocCommands.ParseCategory(text).Value, Is.EqualTo(expected));

    [Test]
    public void FailuresMapToTheDocumentedExitCodes()
    {
        var info = new ServiceErrorInfo { ErrorCode = "X" };
        Assert.Multiple(() =>
        {
            Assert.That(ErrorReporter.Classify(new CliUsageException("u")).ExitCode, Is.EqualTo(2));
            Assert.That(ErrorReporter.Classify(new RequestValidationException("R", [new ValidationError("p", "required", "m")])).ExitCode, Is.EqualTo(3));
            Assert.That(ErrorReporter.Classify(new AuthenticationFailedException("s", info)).ExitCode, Is.EqualTo(4));
            Assert.That(ErrorReporter.Classify(new PermissionDeniedException("s", info)).ExitCode, Is.EqualTo(4));
            Assert.That(ErrorReporter.Classify(new ResourceNotFoundException("s", info)).ExitCode, Is.EqualTo(5));
            Assert.That(ErrorReporter.Classify(new ThrottledException("s", info, null)).ExitCode, Is.EqualTo(6));
            Assert.That(ErrorReporter.Classify(new ServiceUnavailableException("s", info)).ExitCode, Is.EqualTo(7));
            Assert.That(ErrorReporter.Classify(new InvalidResponseException("s", info)).ExitCode, Is.EqualTo(7));
            Assert.That(ErrorReporter.Classify(new InvalidParameterException("s", info)).ExitCode, Is.EqualTo(7));
            Assert.That(ErrorReporter.Classify(new ServiceException("s", info)).ExitCode, Is.EqualTo(7));
            Assert.That(ErrorReporter.Classify(new TransportException("t", true)).ExitCode, Is.EqualTo(8));
            Assert.That(ErrorReporter.Classify(new RequestTimeoutException("t", true)).ExitCode, Is.EqualTo(8));
            Assert.That(ErrorReporter.Classify(new InvalidOperationException("x")).ExitCode, Is.EqualTo(1));
        });
    }

    [Test]
    public void TheErrorLineFoldsLineBreaksAndAddsRetryAfter()
    {
        var exception = new ThrottledException("COC throttled", new ServiceErrorInfo { ErrorCode = "APIG.0308", ErrorMessage = "line one\r\nline two", RequestId = "r-1" }, TimeSpan.FromSeconds(2.5));

        var line = ErrorReporter.FormatLine(exception, 6, "throttled");

        Assert.That(line, Is.EqualTo("incident: throttled (exit 6): COC throttled (code APIG.0308, message: line one line two, request id r-1) Retry after 3 s."));
    }

    [Test]
    public void AnAmbiguousTransportFailureSaysSo()
    {
        var line = ErrorReporter.FormatLine(new RequestTimeoutException("The call timed out.", requestMayHaveReachedServer: true), 8, "timeout");

        Assert.That(line, Is.EqualTo("incident: timeout (exit 8): The call timed out. The request may have reached the server; check before repeating it."));
    }
}
