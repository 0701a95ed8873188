namespace IncidentSdk;

/// <summary>What a service said about a failed call: the facts support asks for first.</summary>
public sealed class ServiceErrorInfo
{
    /// <summary>The HTTP status code of the response, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The service's error code verbatim (<c>GOM.00007256</c>, <c>APIG.0301</c>, a JSON-RPC code), or <see langword="null"/> when the body carried none.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The service's error message verbatim, when it sent one.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The error's detail beyond the message: the JSON-RPC error <c>data</c> (Zabbix puts the human-readable reason there).</summary>
    public string? ErrorData { get; init; }

    /// <summary>The service identifier the response carried (COC sends <c>"049"</c>).</summary>
    public string? ProviderCode { get; init; }

    /// <summary>The request id: the <c>X-Request-Id</c> header, else the body's <c>request_id</c>, else the JSON-RPC id.</summary>
    public string? RequestId { get; init; }

    /// <summary>The operation that failed, such as <c>acceptedIncident1</c> or <c>event.acknowledge</c>.</summary>
    public string? Operation { get; init; }

    /// <summary>The ids of the objects the failed call was about (the Zabbix event ids of an <c>event.acknowledge</c>), so the caller keeps them.</summary>
    public System.Collections.Generic.IReadOnlyList<string>? Targets { get; init; }

    /// <summary>The start of the raw response body (bounded), for bodies that explain more than the code does.</summary>
    public string? ResponseBodyExcerpt { get; init; }
}
