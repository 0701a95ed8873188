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
    private const string CanonicalSample = "POST\n/v1/external/incident/handle/\n\nhost:coc.myhuaweicloud.com\nx-domain-id:0970dd7a1300f5672ff2c003c60ae115\nx-sdk-date:20191115T033655Z\n\nhost;x-domain-id;x-sdk-date\n3a1f7c0b5e2d4f6a8c9b0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
    private const string StringToSignSample = "SDK-HMAC-SHA256\n20191115T033655Z\n3a1f7c0b5e2d4f6a8c9b0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
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

    /// <summary>The floor of signing: its three hash computations alone (body, canonical request, string to sign), through the same helpers.</summary>
    [Benchmark(Description = "AK/SK signing's three hashes alone")]
    public byte HashesOnly()
    {
        Span<byte> hash = stackalloc byte[32];
        Internal.HashHelper.Sha256(_body, hash);
        Internal.HashHelper.Sha256Utf8(CanonicalSample, hash);
        Internal.HashHelper.HmacSha256Utf8(Canned.Credentials.SecretKeyBytes, StringToSignSample, hash);
        return hash[0];
    }

    /// <summary>The same three hashes with the one-shot SHA-256 (the HMAC stays incremental: a one-shot HMAC sets up its key every call).</summary>
    [Benchmark(Description = "the three hashes, one-shot SHA-256")]
    public byte HashesOneShot()
    {
        Span<byte> hash = stackalloc byte[32];
        Span<byte> utf8 = stackalloc byte[512];
        System.Security.Cryptography.SHA256.HashData(_body, hash);
        var count = Encoding.UTF8.GetBytes(CanonicalSample, utf8);
        System.Security.Cryptography.SHA256.HashData(utf8[..count], hash);
        Internal.HashHelper.HmacSha256Utf8(Canned.Credentials.SecretKeyBytes, StringToSignSample, hash);
        return hash[0];
    }

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
