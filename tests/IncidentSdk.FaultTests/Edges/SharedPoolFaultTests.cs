namespace IncidentSdk.FaultTests.Edges;

/// <summary>
/// Clients built from options without an app's HttpClient share one process-wide connection pool: a client created
/// and disposed per call, as many apps do, reuses the pool's connection instead of opening one per client (and
/// leaving it in TIME_WAIT), and clients nobody disposes hold no connections of their own. Counted on the server.
/// </summary>
public class SharedPoolFaultTests
{
    private const string CocSuccess = """{"error_code":"GOM.00000000","error_msg":null,"provider_code":"049","data":null}""";

    [Test]
    public async Task A_coc_client_per_call_reuses_one_connection()
    {
        await using var server = await RecordingServer.StartAsync(CocSuccess);
        var options = new IncidentClientOptions();
        EdgeClients.Coc(options, server.BaseAddress, akSk: false);

        for (var i = 0; i < 500; i++)
        {
            using var client = new IncidentClient(options);
            await client.AcceptAsync("IM202403221515060171753781", "op");
        }

        var kept = new List<IncidentClient>();
        for (var i = 0; i < 200; i++)
        {
            var client = new IncidentClient(options);
            kept.Add(client);
            await client.AcceptAsync("IM202403221515060171753781", "op");
        }

        Assert.That(server.Received, Has.Count.EqualTo(700));
        Assert.That(server.Connections, Is.EqualTo(1), "700 clients, one after the other, over one pooled connection");
        GC.KeepAlive(kept);
    }

    [Test]
    public async Task A_zabbix_client_per_call_reuses_one_connection()
    {
        var zabbix = new FakeZabbix();
        await using var server = await FaultServer.StartAsync(zabbix.HandleAsync);
        var options = new JsonRpcEventClientOptions();
        EdgeClients.Zabbix(options, server.BaseAddress, FakeZabbix.Version, password: false);

        for (var i = 0; i < 500; i++)
        {
            await using var client = new JsonRpcEventClient(options);
            await client.AcknowledgeAsync(AcknowledgeEventRequest.Close(["1001"]));
        }

        Assert.That(zabbix.Calls("event.acknowledge"), Is.EqualTo(500));
        Assert.That(server.Connections, Is.EqualTo(1));
    }
}
