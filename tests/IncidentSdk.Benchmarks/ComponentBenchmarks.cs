using System.Text.Json;
using BenchmarkDotNet.Attributes;
using IncidentSdk.Authentication;
using IncidentSdk.Validation;

namespace IncidentSdk.Benchmarks;

/// <summary>The SDK's parts alone: signing, validation, serialization and error mapping.</summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private static readonly DateTimeOffset SigningTime = new(2019, 11, 15, 3, 36, 55, TimeSpan.Zero);
    private static readonly ZabbixVersion Version = new(7, 0, 22);
    private readonly byte[] _invalidBody = Encoding.UTF8.GetBytes(Canned.CocInvalid);
    private byte[] _body = null!;
    private HttpRequestMessage _request = null!;
    private HttpResponseMessage _badRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = JsonSerializer.SerializeToUtf8Bytes(Canned.SolutionRequest, CocJsonContext.Wire.HandleIncidentRequest);
        _request = new HttpRequestMessage(HttpMethod.Post, "https://coc.myhuaweicloud.com/v1/external/incident/handle") { Content = new ByteArrayContent(_body) };
        _badRequest = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new ByteArrayContent(_invalidBody), RequestMessage = _request };
        _badRequest.Headers.Add("X-Request-Id", "b5b2d2b1c0a94f8e9d7c6b5a4f3e2d1c");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Dispose();
        _badRequest.Dispose();
    }

    [Benchmark(Baseline = true, Description = "AK/SK sign one request (handler path)")]
    public SigningResult? Sign() => HuaweiRequestSigner.SignCore(_request, Canned.Credentials, SigningTime, _body, null, detailed: false);

    [Benchmark(Description = "AK/SK sign with debug strings (SignAsync)")]
    public SigningResult SignDetailed() => HuaweiRequestSigner.Sign(_request, Canned.Credentials, SigningTime, _body, null);

    [Benchmark(Description = "validate COC solution")]
    public ValidationResult ValidateCoc() => HandleIncidentRequestValidator.Validate(Canned.SolutionRequest);

    [Benchmark(Description = "validate Zabbix acknowledge")]
    public ValidationResult ValidateZabbix() => AcknowledgeEventRequestValidator.Validate(Canned.AckOne, Version);

    [Benchmark(Description = "serialize COC solution")]
    public byte[] SerializeCoc() => JsonSerializer.SerializeToUtf8Bytes(Canned.SolutionRequest, CocJsonContext.Wire.HandleIncidentRequest);

    [Benchmark(Description = "map a COC 400 body to its exception")]
    public string? MapError()
    {
        try
        {
            CocResponseMapper.Map(_badRequest, _invalidBody, TimeProvider.System);
            return null;
        }
        catch (InvalidParameterException ex)
        {
            return ex.ErrorCode;
        }
    }
}
