namespace IncidentSdk.Tests.Coc;

/// <summary>
/// Every error body shape that Huawei's gateway, IAM and COC answer with keeps its code and message, and COC's own
/// codes (<c>COC.*</c>) are mapped like <c>GOM.*</c> ones.
/// </summary>
public class ErrorBodyShapeTests
{
    private const string PolicyDenied = "Policy doesn't allow coc:ticket:action to be performed.";

    // status, body, expected type, expected code, expected message
    public static readonly object?[] Shapes =
    [
        // IAM (fine-grained policy) answering for COC through the gateway: nested error object.
        new object?[] { 403, """{"error":{"code":"IAM.0003","message":"Policy doesn't allow coc:ticket:action to be performed."}}""", typeof(PermissionDeniedException), "IAM.0003", PolicyDenied },
        new object?[] { 403, """{"error":{"message":"Policy doesn't allow coc:ticket:action to be performed.","code":"IAM.0003","title":"Forbidden"}}""", typeof(PermissionDeniedException), "IAM.0003", PolicyDenied },
        // IAM's documented top-level shape.
        new object?[] { 403, """{"error_msg":"Policy doesn't allow coc:ticket:action to be performed.","error_code":"IAM.0003"}""", typeof(PermissionDeniedException), "IAM.0003", PolicyDenied },
        new object?[] { 403, """{"error_msg":"You are not authorized to perform the requested action.","error_code":"IAM.0002"}""", typeof(PermissionDeniedException), "IAM.0002", "You are not authorized to perform the requested action." },
        new object?[] { 401, """{"error_msg":"The request you have made requires authentication.","error_code":"IAM.0001"}""", typeof(AuthenticationFailedException), "IAM.0001", "The request you have made requires authentication." },
        // Nested error_code/error_msg.
        new object?[] { 403, """{"error":{"error_code":"IAM.0003","error_msg":"Policy doesn't allow coc:ticket:action to be performed."}}""", typeof(PermissionDeniedException), "IAM.0003", PolicyDenied },
        // Top-level code/message, and COC's attachment API code/msg.
        new object?[] { 403, """{"code":"APIG.0302","message":"The IAM user is not authorized"}""", typeof(PermissionDeniedException), "APIG.0302", "The IAM user is not authorized" },
        new object?[] { 400, """{"code":"COC.00067003","msg":"ticket does not exist"}""", typeof(ResourceNotFoundException), "COC.00067003", "ticket does not exist" },
        // Keystone-style numeric code: kept as text, the status decides the type.
        new object?[] { 401, """{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}""", typeof(AuthenticationFailedException), "401", "The request you have made requires authentication." },
        new object?[] { 403, """{"error":{"code":403,"message":"Policy doesn't allow coc:ticket:action to be performed."}}""", typeof(PermissionDeniedException), "403", PolicyDenied },
        // COC's own envelope with COC.* codes, on 400 and on 200.
        new object?[] { 400, """{"error_code":"COC.00067003","error_msg":"incident not found","provider_code":"049","data":null}""", typeof(ResourceNotFoundException), "COC.00067003", "incident not found" },
        new object?[] { 200, """{"error_code":"COC.00067003","error_msg":"incident not found","provider_code":"049","data":null}""", typeof(ResourceNotFoundException), "COC.00067003", "incident not found" },
        new object?[] { 400, """{"error_code":"COC.00040050","error_msg":"version must not be empty","provider_code":"049"}""", typeof(ServiceException), "COC.00040050", "version must not be empty" },
        new object?[] { 200, """{"error_code":"COC.00010002","error_msg":null,"provider_code":"049","data":null}""", typeof(ServiceException), "COC.00010002", null },
        // A body with a message and no code keeps the message; the status decides.
        new object?[] { 403, """{"error":{"message":"Forbidden by policy"}}""", typeof(PermissionDeniedException), null, "Forbidden by policy" },
        new object?[] { 403, """{"error_msg":"denied"}""", typeof(PermissionDeniedException), null, "denied" },
        // On a 2xx only COC's envelope counts: another shape is not a COC answer, whatever it holds.
        new object?[] { 200, """{"code":0,"message":"ok","result":{"accepted":true}}""", typeof(InvalidResponseException), null, null },
        new object?[] { 200, """{"error":{"code":"IAM.0003","message":"Policy doesn't allow coc:ticket:action to be performed."}}""", typeof(InvalidResponseException), null, null },
        // Unexpected member types elsewhere never hide the code.
        new object?[] { 403, """{"error":{"code":"IAM.0003","message":"Policy doesn't allow coc:ticket:action to be performed."},"message":{"x":1},"code":null}""", typeof(PermissionDeniedException), "IAM.0003", PolicyDenied },
    ];

    [TestCaseSource(nameof(Shapes))]
    public void The_mapper_keeps_code_and_message_of_every_shape(int status, string body, Type expected, string? code, string? message)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("X-Request-Id", "hdr-req-42");

        var error = Assert.Catch<ServiceException>(() => CocResponseMapper.Map(response, Encoding.UTF8.GetBytes(body), TimeProvider.System))!;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.ErrorCode, Is.EqualTo(code));
            Assert.That(error.ErrorMessage, Is.EqualTo(message));
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.RequestId, Is.EqualTo("hdr-req-42"));
            Assert.That(error.ResponseBodyExcerpt, Is.EqualTo(body));
            if (code is not null)
            {
                Assert.That(error.Message, Does.Contain("code " + code));
            }
        });
    }

    [TestCaseSource(nameof(Shapes))]
    public void Through_the_client_every_shape_keeps_code_and_message(int status, string body, Type expected, string? code, string? message)
    {
        using var mock = new MockHttpMessageHandler();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = mock.When(HttpMethod.Post, CocTest.HandleUrl).Respond((HttpStatusCode)status, CocTest.Headers(("X-Request-Id", "hdr-req-7")), content);
        using var client = CocTest.Client(mock, o => o.Resilience.MaxRetries = 2);

        var error = Assert.CatchAsync<ServiceException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator))!;

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error.ErrorCode, Is.EqualTo(code));
            Assert.That(error.ErrorMessage, Is.EqualTo(message));
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.RequestId, Is.EqualTo("hdr-req-7"));
            Assert.That(error.Error.Operation, Is.EqualTo("acceptedIncident1"));
            Assert.That(mock.GetMatchCount(request), Is.EqualTo(1), "none of these failures is retried");
        });
    }

    [Test]
    public void Ticket_not_found_on_http_400_is_a_not_found_error_with_the_coc_code_and_provider()
    {
        const string body = """{"data":null,"error_code":"COC.00067003","error_msg":"the incident does not exist","provider_code":"049"}""";
        using var mock = new MockHttpMessageHandler();
        var request = mock.When(HttpMethod.Post, CocTest.HandleUrl).Respond(HttpStatusCode.BadRequest, "application/json", body);
        using var client = CocTest.Client(mock);

        var error = Assert.ThrowsAsync<ResourceNotFoundException>(() => client.AcceptAsync(CocTest.IncidentNumber, CocTest.Operator))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorCode, Is.EqualTo("COC.00067003"));
            Assert.That(error.ErrorMessage, Is.EqualTo("the incident does not exist"));
            Assert.That(error.StatusCode, Is.EqualTo(400));
            Assert.That(error.Error.ProviderCode, Is.EqualTo("049"));
            Assert.That(error.Message, Does.Contain("COC returned error code COC.00067003").And.Contain("HTTP 400"));
            Assert.That(mock.GetMatchCount(request), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_success_envelope_is_still_a_success_whatever_else_the_body_carries()
    {
        const string body = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null,"code":"x","error":{"code":"IAM.0003"}}""";
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };

        var result = CocResponseMapper.Map(response, Encoding.UTF8.GetBytes(body), TimeProvider.System);

        Assert.That(result.ErrorCode, Is.EqualTo("GOM.00000000"));
    }
}
