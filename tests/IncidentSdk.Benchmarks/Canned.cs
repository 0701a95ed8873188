using IncidentSdk.Authentication;

namespace IncidentSdk.Benchmarks;

internal static class Canned
{
    public const string CocSuccess = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";
    public const string CocInvalid = """{"error_code":"GOM.00007256","error_msg":"参数错误","provider_code":"049","data":null}""";
    public const string Ticket = "IM202403221515060171753781";
    public const string Operator = "7da46971b7e24eed90cf777cc2ff8b91";
    public const string ZabbixUrl = "http://127.0.0.1:1/api_jsonrpc.php";
    public const string ZabbixToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>The accept request's body, as the raw HttpClient baselines send it.</summary>
    public static readonly byte[] AcceptBody = Encoding.UTF8.GetBytes("""{"incident_num":"IM202403221515060171753781","operator":"7da46971b7e24eed90cf777cc2ff8b91","operate_key":"acceptedIncident1","parameter":{}}""");

    public static readonly AkSkCredentials Credentials = new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc") { DomainId = "0970dd7a1300f5672ff2c003c60ae115" };

    public static readonly SolutionParameter Solution = new(IncidentCategory.ConfigIssues, true, "Connection pool exhausted on db-01", "Raised the pool size to 200 and redeployed");

    public static readonly HandleIncidentRequest AcceptRequest = new(Ticket, Operator, OperateKey.AcceptedIncident);

    public static readonly HandleIncidentRequest SolutionRequest = new(Ticket, Operator, OperateKey.CommitSolution, Solution);

    public static readonly AcknowledgeEventRequest AckOne = AcknowledgeEventRequest.Acknowledge(["20427"], "Problem resolved.");

    public static readonly AcknowledgeEventRequest AckMany = AcknowledgeEventRequest.Acknowledge(
        Enumerable.Range(100000, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Problem resolved.");

    public static string ZabbixResult(int count) =>
        "{\"jsonrpc\":\"2.0\",\"result\":{\"eventids\":[" + string.Join(",", Enumerable.Range(100000, count)) + "]},\"id\":1}";

    public static void Fast(Http.ResilienceOptions resilience)
    {
        resilience.BaseDelay = TimeSpan.Zero;
        resilience.UseJitter = false;
    }
}
