using System.Security.Cryptography;
using IncidentSdk.Authentication;

namespace IncidentSdk.Tests.Authentication;

/// <summary>
/// The canonical URI and query of SDK-HMAC-SHA256 character by character: which characters stay as they are, how
/// keys are ordered, where the path ends with <c>/</c>. Each case asserts the whole canonical request, so any change
/// to what the gateway recomputes shows up.
/// </summary>
public class SigningCanonicalisationTests
{
    private const string Ak = "QTWAOYTTINDUT2QVKYUC";
    private const string Sk = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset Time = new(2019, 11, 15, 3, 36, 55, TimeSpan.Zero);
    private static readonly AkSkCredentials Credentials = new(Ak, Sk);

    // The unreserved set is exactly A-Z a-z 0-9 - _ . ~ ; its first and last letters and digits stay as they are,
    // and the ASCII characters next to each range are encoded. The cases are written percent-encoded (as the URI
    // carries them) so that every test name is plain ASCII.
    [TestCase("AZaz09-_.~", "AZaz09-_.~")]
    [TestCase("A", "A")]
    [TestCase("Z", "Z")]
    [TestCase("a", "a")]
    [TestCase("z", "z")]
    [TestCase("0", "0")]
    [TestCase("9", "9")]
    [TestCase("%41%5A%61%7A%30%39%2D%5F%2E%7E", "AZaz09-_.~")]
    [TestCase("%40", "%40")]
    [TestCase("%5B", "%5B")]
    [TestCase("%60", "%60")]
    [TestCase("%7B", "%7B")]
    [TestCase("%2F", "%2F")]
    [TestCase("%3A", "%3A")]
    [TestCase("%20", "%20")]
    [TestCase("%21%2A%27%28%29", "%21%2A%27%28%29")]
    [TestCase("A%20b", "A%20b")]
    [TestCase("%7F", "%7F")]
    [TestCase("%C2%80", "%C2%80")]
    [TestCase("%c3%a9", "%C3%A9")]
    [TestCase("%F0%9F%98%80", "%F0%9F%98%80")]
    public async Task A_query_key_and_value_keep_only_unreserved_characters(string escaped, string encoded)
    {
        var canonical = await CanonicalAsync($"https://h.example.com/v1/p?{escaped}={escaped}");

        Assert.That(canonical, Is.EqualTo(Expected("/v1/p/", encoded + "=" + encoded)));
    }

    [TestCase("https://h.example.com/v1/AZaz09-_.~", "/v1/AZaz09-_.~/")]
    [TestCase("https://h.example.com/A/Z/a/z/0/9", "/A/Z/a/z/0/9/")]
    [TestCase("https://h.example.com/v1/p/", "/v1/p/")]
    [TestCase("https://h.example.com/", "/")]
    [TestCase("https://h.example.com", "/")]
    [TestCase("https://h.example.com/v1/a%20b", "/v1/a%20b/")]
    [TestCase("https://h.example.com/v1/a%20b/", "/v1/a%20b/")]
    [TestCase("https://h.example.com/v1/A%20Z/", "/v1/A%20Z/")]
    [TestCase("https://h.example.com/$!/*", "/%24%21/%2A/")]
    [TestCase("https://h.example.com/$/", "/%24/")]
    [TestCase("https://h.example.com/v1/@:,;=+&", "/v1/%40%3A%2C%3B%3D%2B%26/")]
    [TestCase("https://h.example.com/v1/%7Ex%41", "/v1/~xA/")]
    [TestCase("https://h.example.com/v1/%F0%9F%98%80", "/v1/%F0%9F%98%80/")]
    public async Task The_canonical_uri_re_encodes_each_segment_and_ends_with_one_slash(string url, string canonicalUri)
    {
        var canonical = await CanonicalAsync(url);

        Assert.That(canonical, Is.EqualTo(Expected(canonicalUri, string.Empty)));
    }

    [TestCase("b=2&&a=1&", "a=1&b=2")]
    [TestCase("&", "")]
    [TestCase("=v&a=1", "=v&a=1")]
    [TestCase("a=1&=v", "=v&a=1")]
    [TestCase("k=a=b", "k=a%3Db")]
    [TestCase("k", "k=")]
    [TestCase("k=", "k=")]
    [TestCase("abc=0&ab=1&a=2&aa=3", "a=2&aa=3&ab=1&abc=0")]
    [TestCase("ab=1&aa=2", "aa=2&ab=1")]
    [TestCase("b=1&B=2&a=3&A=4", "A=4&B=2&a=3&b=1")]
    [TestCase("k=ab&k=a&k=", "k=&k=a&k=ab")]
    [TestCase("k=b&k=a", "k=a&k=b")]
    [TestCase("k=a&k=a", "k=a&k=a")]
    public async Task Query_pairs_are_sorted_by_key_then_value_and_empty_parts_dropped(string query, string canonicalQuery)
    {
        var canonical = await CanonicalAsync("https://h.example.com/v1/p?" + query);

        Assert.That(canonical, Is.EqualTo(Expected("/v1/p/", canonicalQuery)));
    }

    [Test]
    public async Task An_empty_query_after_the_question_mark_is_no_query()
    {
        var canonical = await CanonicalAsync("https://h.example.com/v1/p?");

        Assert.That(canonical, Is.EqualTo(Expected("/v1/p/", string.Empty)));
    }

    // Huawei's signers sort the keys by their UTF-8 bytes, which is code point order: a character at U+E000 or above
    // (here U+FF21, full-width A) comes before any character outside the BMP (a surrogate pair in UTF-16), although
    // ordinal UTF-16 order puts the surrogate pair first.
    [TestCase("%F0%9F%98%80=1&%EF%BC%A1=2", "%EF%BC%A1=2&%F0%9F%98%80=1")]
    [TestCase("%EF%BC%A1=2&%F0%9F%98%80=1", "%EF%BC%A1=2&%F0%9F%98%80=1")]
    [TestCase("k=%F0%9F%98%80&k=%EF%BC%A1", "k=%EF%BC%A1&k=%F0%9F%98%80")]
    [TestCase("%F0%9F%98%80=1&%E4%B8%AD=2&z=3", "z=3&%E4%B8%AD=2&%F0%9F%98%80=1")]
    [TestCase("%F0%9D%92%9C=1&%F0%9F%98%80=2", "%F0%9D%92%9C=1&%F0%9F%98%80=2")]
    [TestCase("%F0%9F%98%80=2&%F0%9D%92%9C=1", "%F0%9D%92%9C=1&%F0%9F%98%80=2")]
    [TestCase("a%F0%9F%98%80=1&a%EF%BC%A1=2&a=3", "a=3&a%EF%BC%A1=2&a%F0%9F%98%80=1")]
    public async Task Keys_outside_the_bmp_sort_after_the_highest_bmp_characters(string query, string canonicalQuery)
    {
        var canonical = await CanonicalAsync("https://h.example.com/v1/p?" + query);

        Assert.That(canonical, Is.EqualTo(Expected("/v1/p/", canonicalQuery)));
    }

    [Test]
    public async Task A_method_is_signed_in_upper_case()
    {
        using var request = new HttpRequestMessage(new HttpMethod("report"), "https://h.example.com/v1/p");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time);

        Assert.That(result.CanonicalRequest, Does.StartWith("REPORT\n/v1/p/\n"));
    }

    [Test]
    public async Task The_signature_of_a_canonicalised_request_is_the_hmac_of_its_string_to_sign()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h.example.com/v1/a%20b?b=%F0%9F%98%80&a=A");

        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time);

        var expectedCanonical = Expected("/v1/a%20b/", "a=A&b=%F0%9F%98%80");
        var stringToSign = "SDK-HMAC-SHA256\n20191115T033655Z\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expectedCanonical)));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Sk), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Multiple(() =>
        {
            Assert.That(result.CanonicalRequest, Is.EqualTo(expectedCanonical));
            Assert.That(result.StringToSign, Is.EqualTo(stringToSign));
            Assert.That(result.Signature, Is.EqualTo(signature));
            Assert.That(result.Authorization, Is.EqualTo($"SDK-HMAC-SHA256 Access={Ak}, SignedHeaders=host;x-sdk-date, Signature={signature}"));
        });
    }

    private static string Expected(string canonicalUri, string canonicalQuery) =>
        $"GET\n{canonicalUri}\n{canonicalQuery}\nhost:h.example.com\nx-sdk-date:20191115T033655Z\n\nhost;x-sdk-date\n{EmptyBodyHash}";

    private static async Task<string> CanonicalAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var result = await HuaweiRequestSigner.SignAsync(request, Credentials, Time);
        return result.CanonicalRequest;
    }
}
