namespace IncidentSdk.Tests.Support;

internal static class CocBodies
{
    public const string Success = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    public const string InvalidParameter = """{"error_code":"GOM.00007256","error_msg":"参数错误","provider_code":"049","data":null}""";

    public static string Gateway(string code, string message, string requestId = "gw-req-1") =>
        $$"""{"error_code":"{{code}}","error_msg":"{{message}}","request_id":"{{requestId}}"}""";
}
