using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentSdk.Authentication;
using IncidentSdk.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace IncidentSdk.Tests.Security;

/// <summary>
/// Secrets stay out of what an app or a person can print without meaning to: reflection-based JSON serialization
/// (as an app would call it), the debugger's views, and <c>ToString()</c>. Configuration binds them verbatim.
/// </summary>
public sealed class SecretExposureTests
{
    private const string AccessKey = "AKSECRETEXPOSURE0001";
    private const string SecretKey = "sk-secret-exposure-0123456789";
    private const string SecurityToken = "security-token-exposure-0123456789";
    private const string IamToken = "iam-token-exposure-0123456789";
    private const string ProviderToken = "provider-token-exposure-0123456789";
    private const string ApiToken = "api-token-exposure-0123456789abcdef";
    private const string Password = "password-exposure-0123456789";

    private static readonly string[] Secrets = [AccessKey, SecretKey, SecurityToken, IamToken, ProviderToken, ApiToken, Password];

    /// <summary>What an app gets from <c>JsonSerializer.Serialize</c> with the default, reflection-based options.</summary>
    private static readonly JsonSerializerOptions AppJson = new() { WriteIndented = true };

    [Test]
    public void Serializing_credentials_shows_no_secret()
    {
        var json = JsonSerializer.Serialize(Credentials(), AppJson);

        Assert.Multiple(() =>
        {
            AssertNoSecret(json);
            Assert.That(json, Does.Contain("project-1").And.Contain("domain-1"), "the ids are not secret and stay visible");
        });
    }

    [Test]
    public void Serializing_coc_options_shows_no_secret()
    {
        var options = new IncidentClientOptions
        {
            Endpoint = new Uri("https://coc.example.test"),
            Credentials = Credentials(),
            AuthToken = IamToken,
            AuthTokenProvider = new PublicTokenProvider(),
        };

        var json = JsonSerializer.Serialize(options, AppJson);

        Assert.Multiple(() =>
        {
            AssertNoSecret(json);
            Assert.That(json, Does.Contain("coc.example.test").And.Contain("project-1"));
        });
    }

    [Test]
    public void Serializing_zabbix_options_shows_no_secret()
    {
        var options = new JsonRpcEventClientOptions
        {
            Url = new Uri("https://zabbix.example.test/"),
            ApiToken = ApiToken,
            Username = "Admin",
            Password = Password,
        };

        var json = JsonSerializer.Serialize(options, AppJson);

        Assert.Multiple(() =>
        {
            AssertNoSecret(json);
            Assert.That(json, Does.Contain("zabbix.example.test").And.Contain("Admin"));
        });
    }

    [TestCase(typeof(AkSkCredentials), nameof(AkSkCredentials.AccessKey))]
    [TestCase(typeof(AkSkCredentials), nameof(AkSkCredentials.SecretKey))]
    [TestCase(typeof(AkSkCredentials), nameof(AkSkCredentials.SecurityToken))]
    [TestCase(typeof(IncidentClientOptions), nameof(IncidentClientOptions.AuthToken))]
    [TestCase(typeof(IncidentClientOptions), nameof(IncidentClientOptions.AuthTokenProvider))]
    [TestCase(typeof(JsonRpcEventClientOptions), nameof(JsonRpcEventClientOptions.ApiToken))]
    [TestCase(typeof(JsonRpcEventClientOptions), nameof(JsonRpcEventClientOptions.Password))]
    public void Secret_properties_are_never_serialized_nor_browsable(Type type, string property)
    {
        var member = type.GetProperty(property)!;

        Assert.Multiple(() =>
        {
            Assert.That(member.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition, Is.EqualTo(JsonIgnoreCondition.Always));
            Assert.That(member.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State, Is.EqualTo(DebuggerBrowsableState.Never));
        });
    }

    [TestCase(typeof(AkSkCredentials))]
    [TestCase(typeof(IncidentClientOptions))]
    [TestCase(typeof(JsonRpcEventClientOptions))]
    [TestCase(typeof(StaticAuthTokenProvider))]
    public void Debugger_displays_show_the_masked_description(Type type)
    {
        var display = type.GetCustomAttribute<DebuggerDisplayAttribute>();

        Assert.That(display?.Value, Is.EqualTo("{ToString(),nq}"));
    }

    [Test]
    public void Descriptions_mask_every_secret()
    {
        var coc = new IncidentClientOptions { Endpoint = new Uri("https://coc.example.test"), Credentials = Credentials(), AuthToken = IamToken };
        var zabbix = new JsonRpcEventClientOptions { Url = new Uri("https://zabbix.example.test/"), ApiToken = ApiToken, Username = "Admin", Password = Password };

        var texts = new[] { Credentials().ToString(), coc.ToString() ?? string.Empty, zabbix.ToString() ?? string.Empty, new StaticAuthTokenProvider(IamToken).ToString() };

        Assert.Multiple(() =>
        {
            foreach (var text in texts)
            {
                AssertNoSecret(text);
            }

            Assert.That(coc.ToString(), Does.Contain("https://coc.example.test/").And.Contain("AuthToken = ***").And.Contain("project-1"));
            Assert.That(zabbix.ToString(), Does.Contain("https://zabbix.example.test/").And.Contain("Username = Admin").And.Contain("Password = ***").And.Contain("ApiToken = ***"));
        });
    }

    [Test]
    public void No_member_a_debugger_shows_holds_a_secret()
    {
        var coc = new IncidentClientOptions { Endpoint = new Uri("https://coc.example.test"), Credentials = Credentials(), AuthToken = IamToken, AuthTokenProvider = new StaticAuthTokenProvider(ProviderToken) };
        var zabbix = new JsonRpcEventClientOptions { Url = new Uri("https://zabbix.example.test/"), ApiToken = ApiToken, Username = "Admin", Password = Password };
        _ = coc.Credentials!.SignedHeaders;

        Assert.That(new object[] { coc, zabbix }.SelectMany(o => VisibleSecrets(o)), Is.Empty);
    }

    [TestCase("6.0.14")]
    [TestCase("7.0.0")]
    public async Task No_member_of_a_logged_in_zabbix_client_a_debugger_shows_holds_a_secret(string version)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Rpc("user.login").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        using var client = ZabbixTest.Client(mock, version, o =>
        {
            o.ApiToken = null;
            o.Username = "Admin";
            o.Password = Password;
        });
        await client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"]));
        Assert.That(client.CurrentSessionId, Is.EqualTo(ZabbixTest.Session), "logged in");

        Assert.That(VisibleSecrets(client, ZabbixTest.Session), Is.Empty);
    }

    [Test]
    public void No_member_of_a_zabbix_token_client_a_debugger_shows_holds_the_token()
    {
        using var mock = new MockHttpMessageHandler();
        using var client = ZabbixTest.Client(mock, configure: o => o.ApiToken = ApiToken);

        Assert.That(VisibleSecrets(client), Is.Empty);
    }

    [Test]
    public void Zabbix_secrets_are_bound_verbatim_and_other_values_trimmed()
    {
        var options = new JsonRpcEventClientOptions();

        JsonRpcEventClientOptionsBinder.Bind(Section(new()
        {
            ["Url"] = " https://zabbix.example.test/ ",
            ["Username"] = "  Admin  ",
            ["Password"] = "  pass word  ",
            ["ApiToken"] = " token ",
            ["ServerVersion"] = " 6.0.14 ",
        }), options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Password, Is.EqualTo("  pass word  "));
            Assert.That(options.ApiToken, Is.EqualTo(" token "));
            Assert.That(options.Username, Is.EqualTo("Admin"));
            Assert.That(options.ServerVersion, Is.EqualTo("6.0.14"));
            Assert.That(options.Url, Is.EqualTo(new Uri("https://zabbix.example.test/")));
        });
    }

    [Test]
    public void A_password_with_surrounding_spaces_logs_in_as_given()
    {
        using var mock = new MockHttpMessageHandler();
        var login = mock.Rpc("user.login").With(r => ZabbixTest.Body(r)["params"]!["password"]!.GetValue<string>() == " pass word ").Result($"\"{ZabbixTest.Session}\"");
        mock.Rpc("event.acknowledge").Result("""{"eventids":["1"]}""");
        var options = ZabbixTest.Options(configure: o => o.ApiToken = null);
        JsonRpcEventClientOptionsBinder.Bind(Section(new() { ["Username"] = "Admin", ["Password"] = " pass word " }), options);
        using var client = new JsonRpcEventClient(mock.ToHttpClient(), options);

        Assert.DoesNotThrowAsync(() => client.AcknowledgeAsync(AcknowledgeEventRequest.Acknowledge(["1"])));
        Assert.That(mock.GetMatchCount(login), Is.EqualTo(1));
    }

    [Test]
    public void A_bound_token_keeps_its_spaces_and_is_then_refused_by_name_rather_than_trimmed()
    {
        var options = new IncidentClientOptions();

        IncidentClientOptionsBinder.Bind(Section(new()
        {
            ["Endpoint"] = "https://coc.example.test",
            ["Region"] = " cn-north-4 ",
            ["AuthToken"] = " " + IamToken + " ",
        }), options);

        Assert.Multiple(() =>
        {
            Assert.That(options.AuthToken, Is.EqualTo(" " + IamToken + " "));
            Assert.That(options.Region, Is.EqualTo("cn-north-4"));
            Assert.That(options.Validate().Single(), Does.StartWith("AuthToken ").And.Not.Contain(IamToken));
        });
    }

    [TestCase("AccessKey")]
    [TestCase("SecretKey")]
    [TestCase("SecurityToken")]
    public void Bound_coc_keys_are_not_trimmed_so_surrounding_spaces_are_refused_by_name(string key)
    {
        var values = new Dictionary<string, string?>
        {
            ["AccessKey"] = AccessKey,
            ["SecretKey"] = SecretKey,
            ["ProjectId"] = " project-1 ",
        };
        values[key] = " " + (key == "SecurityToken" ? SecurityToken : values[key]) + " ";

        var error = Assert.Throws<InvalidOperationException>(() => IncidentClientOptionsBinder.Bind(Section(values), new IncidentClientOptions()));

        Assert.That(error!.Message, Does.Contain(key));
        AssertNoSecret(error.ToString());
    }

    [Test]
    public void Bound_coc_keys_are_kept_verbatim_and_ids_trimmed()
    {
        var options = new IncidentClientOptions();

        IncidentClientOptionsBinder.Bind(Section(new()
        {
            ["AccessKey"] = AccessKey,
            ["SecretKey"] = "sk with inner  spaces",
            ["SecurityToken"] = SecurityToken,
            ["ProjectId"] = " project-1 ",
            ["DomainId"] = " domain-1 ",
        }), options);

        Assert.Multiple(() =>
        {
            Assert.That(options.Credentials!.SecretKey, Is.EqualTo("sk with inner  spaces"));
            Assert.That(options.Credentials.SecurityToken, Is.EqualTo(SecurityToken));
            Assert.That(options.Credentials.ProjectId, Is.EqualTo("project-1"));
            Assert.That(options.Credentials.DomainId, Is.EqualTo("domain-1"));
        });
    }

    private static AkSkCredentials Credentials() =>
        new(AccessKey, SecretKey) { ProjectId = "project-1", DomainId = "domain-1", SecurityToken = SecurityToken };

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in Secrets)
        {
            Assert.That(text, Does.Not.Contain(secret));
        }
    }

    /// <summary>
    /// The members of <paramref name="root"/>, and of the SDK objects it holds, that a debugger would show and that
    /// hold a secret: fields and properties without <c>[DebuggerBrowsable(Never)]</c> (auto-property backing fields
    /// carry it when their property does).
    /// </summary>
    private static List<string> VisibleSecrets(object root, params string[] moreSecrets)
    {
        var secrets = Secrets.Concat(moreSecrets).ToArray();
        var found = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, root.GetType().Name, 0);
        return found;

        void Walk(object target, string path, int depth)
        {
            if (depth > 4 || !seen.Add(target))
            {
                return;
            }

            for (var type = target.GetType(); type is not null && type != typeof(object); type = type.BaseType)
            {
                const BindingFlags Flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
                foreach (var field in type.GetFields(Flags))
                {
                    Check(path + "." + field.Name, field, field.GetValue(target));
                }

                foreach (var property in type.GetProperties(Flags).Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null))
                {
                    object? value;
                    try
                    {
                        value = property.GetValue(target);
                    }
                    catch (TargetInvocationException)
                    {
                        continue;
                    }

                    Check(path + "." + property.Name, property, value);
                }
            }

            void Check(string memberPath, MemberInfo member, object? value)
            {
                if (member.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State == DebuggerBrowsableState.Never || value is null)
                {
                    return;
                }

                var text = value switch
                {
                    string s => s,
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    _ => null,
                };
                if (text is not null)
                {
                    if (secrets.Any(text.Contains))
                    {
                        found.Add(memberPath);
                    }
                }
                else if (value.GetType().Namespace?.StartsWith("IncidentSdk", StringComparison.Ordinal) == true)
                {
                    // A debugger shows the object through its own display; look inside it as it would when expanded.
                    Walk(value, memberPath, depth + 1);
                }
            }
        }
    }

    /// <summary>An app's provider that exposes its token as a property.</summary>
    private sealed class PublicTokenProvider : IAuthTokenProvider
    {
        public string Token { get; } = ProviderToken;

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(Token);
    }
}
