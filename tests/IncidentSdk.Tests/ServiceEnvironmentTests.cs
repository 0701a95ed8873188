using IncidentSdk.Authentication;

namespace IncidentSdk.Tests;

/// <summary>Settings from the services' own environment variables: what is read, what is kept, what is refused.</summary>
public class ServiceEnvironmentTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    [Test]
    public void Credentials_come_from_the_Huawei_SDK_variables_with_their_scope()
    {
        var credentials = AkSkCredentials.FromEnvironment(Env(
            ("HUAWEICLOUD_SDK_AK", "AKENV"), ("HUAWEICLOUD_SDK_SK", "skenv"), ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
            ("HUAWEICLOUD_SDK_DOMAIN_ID", "d1"), ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "tok")));

        Assert.That((credentials!.AccessKey, credentials.SecretKey, credentials.ProjectId, credentials.DomainId, credentials.SecurityToken), Is.EqualTo(("AKENV", "skenv", "p1", "d1", "tok")));
    }

    [Test]
    public void No_keys_is_no_credentials_and_half_a_pair_is_an_error_naming_the_missing_variable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AkSkCredentials.FromEnvironment(Env(("HUAWEICLOUD_SDK_AK", ""), ("HUAWEICLOUD_SDK_DOMAIN_ID", "d1"))), Is.Null);
            Assert.That(() => AkSkCredentials.FromEnvironment(Env(("HUAWEICLOUD_SDK_AK", "AK"))), Throws.InvalidOperationException.With.Message.EqualTo("HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not; set both or neither."));
            Assert.That(() => AkSkCredentials.FromEnvironment(Env(("HUAWEICLOUD_SDK_SK", "secret-value"))), Throws.InvalidOperationException.With.Message.EqualTo("HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not; set both or neither."));
            Assert.That(() => AkSkCredentials.FromEnvironment(Env(("HUAWEICLOUD_SDK_AK", "AK"), ("HUAWEICLOUD_SDK_SK", "bad\nsecret"))), Throws.ArgumentException.With.Message.Not.Contain("bad"));
        });
    }

    [Test]
    public void COC_options_take_what_is_not_set_and_keep_what_is()
    {
        var variables = Env(("HUAWEICLOUD_SDK_AK", "AKENV"), ("HUAWEICLOUD_SDK_SK", "skenv"), ("COC_REGION", " cn-north-4 "), ("COC_ENDPOINT", "https://coc.example.test"));
        var empty = new IncidentClientOptions().ApplyEnvironment(variables);
        var token = new IncidentClientOptions { AuthToken = "iam-token", Region = "ap-southeast-3" }.ApplyEnvironment(variables);
        var regionOnly = new IncidentClientOptions().ApplyEnvironment(Env(("COC_REGION", "cn-north-4")));

        Assert.Multiple(() =>
        {
            Assert.That(empty.Credentials!.AccessKey, Is.EqualTo("AKENV"));
            Assert.That((empty.Endpoint, empty.Region), Is.EqualTo((new Uri("https://coc.example.test"), (string?)null)), "COC_ENDPOINT wins over COC_REGION");
            Assert.That(empty.Validate(), Is.Empty);
            Assert.That((token.Credentials, token.AuthToken, token.Region, token.Endpoint), Is.EqualTo(((AkSkCredentials?)null, "iam-token", "ap-southeast-3", (Uri?)null)));
            Assert.That(regionOnly.Region, Is.EqualTo("cn-north-4"));
            Assert.That(() => new IncidentClientOptions().ApplyEnvironment(Env(("COC_ENDPOINT", "coc.example.test/secret"))), Throws.InvalidOperationException.With.Message.EqualTo("The environment variable COC_ENDPOINT is not an absolute URI; the value is not shown."));
        });
    }

    [Test]
    public void Zabbix_options_take_the_token_before_a_user_and_keep_what_is_set()
    {
        var all = Env(("ZABBIX_URL", "https://zabbix.example.test/api_jsonrpc.php"), ("ZABBIX_TOKEN", "tok"), ("ZABBIX_USER", "Admin"), ("ZABBIX_PASSWORD", "zabbix"));
        var withToken = new JsonRpcEventClientOptions().ApplyEnvironment(all);
        var withUser = new JsonRpcEventClientOptions().ApplyEnvironment(Env(("ZABBIX_URL", "https://z.test/api_jsonrpc.php"), ("ZABBIX_USER", "Admin"), ("ZABBIX_PASSWORD", " pw ")));
        var kept = new JsonRpcEventClientOptions { Url = new Uri("https://mine.test/api_jsonrpc.php"), Username = "me", Password = "mine" }.ApplyEnvironment(all);

        Assert.Multiple(() =>
        {
            Assert.That((withToken.Url, withToken.ApiToken, withToken.Username, withToken.Password), Is.EqualTo((new Uri("https://zabbix.example.test/api_jsonrpc.php"), "tok", (string?)null, (string?)null)));
            Assert.That((withUser.ApiToken, withUser.Username, withUser.Password), Is.EqualTo(((string?)null, "Admin", " pw ")), "a password is taken as set");
            Assert.That((kept.Url, kept.ApiToken, kept.Username, kept.Password), Is.EqualTo((new Uri("https://mine.test/api_jsonrpc.php"), (string?)null, "me", "mine")));
            Assert.That(() => new JsonRpcEventClientOptions().ApplyEnvironment(Env(("ZABBIX_URL", "not a url"))), Throws.InvalidOperationException.With.Message.Contains("ZABBIX_URL"));
        });
    }

    [Test]
    public void Configuration_keys_follow_the_sections_given()
    {
        var variables = Env(("HUAWEICLOUD_SDK_AK", "AK"), ("HUAWEICLOUD_SDK_SK", "SK"), ("ZABBIX_TOKEN", "tok"), ("ZABBIX_USER", ""), ("COC_REGION", "cn-north-4"));

        var keys = ServiceEnvironment.ToConfiguration("Apps:Coc", "Apps:Zabbix", variables);

        Assert.Multiple(() =>
        {
            Assert.That(keys.OrderBy(k => k.Key, StringComparer.Ordinal), Is.EqualTo(new Dictionary<string, string?>
            {
                ["Apps:Coc:AccessKey"] = "AK",
                ["Apps:Coc:Region"] = "cn-north-4",
                ["Apps:Coc:SecretKey"] = "SK",
                ["Apps:Zabbix:ApiToken"] = "tok",
            }.OrderBy(k => k.Key, StringComparer.Ordinal)));
            Assert.That(() => ServiceEnvironment.ToConfiguration("", "Zabbix", variables), Throws.ArgumentException);
        });
    }
}
