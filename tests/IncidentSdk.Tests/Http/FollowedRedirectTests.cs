namespace IncidentSdk.Tests.Http;

/// <summary>An answer that came from another URI than the one sent to (an app's HttpClient followed a redirect) is never reported as a success.</summary>
public sealed class FollowedRedirectTests
{
    [Test]
    public void An_answer_from_another_origin_is_refused_naming_both_origins()
    {
        var transport = new Redirected(new Uri("https://elsewhere.example.test:8443/login?next=x"));
        using var client = CocTest.Client(transport);

        var error = Assert.ThrowsAsync<UnexpectedRedirectException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator));

        Assert.Multiple(() =>
        {
            Assert.That(transport.Calls, Is.EqualTo(1));
            Assert.That(error!.Message, Is.EqualTo(
                "The COC call 'acceptedIncident1' was answered from https://elsewhere.example.test:8443, not from the endpoint it was sent to (https://coc.example.test): "
                + "the HttpClient given to the client follows redirects. An answer from elsewhere says nothing about whether the service acted, so it is not reported as a success; "
                + "turn AllowAutoRedirect off on that HttpClient's handler and check the endpoint. (operation acceptedIncident1, HTTP 200)"));
        });
    }

    [Test]
    public void The_validators_refuse_a_null_request()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => HandleIncidentRequestValidator.Validate(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("request"));
            Assert.That(() => AcknowledgeEventRequestValidator.Validate(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("request"));
        });
    }

    /// <summary>Answers 200 as if from <paramref name="answeredBy"/>, as a handler that followed a redirect does.</summary>
    private sealed class Redirected(Uri answeredBy) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            request.RequestUri = answeredBy;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(CocBodies.Success), RequestMessage = request });
        }
    }
}
