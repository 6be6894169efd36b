import { hmacSha1Signature, oauthBaseString, oauthBaseUri } from './oauth-signature';

describe('OAuth 1.0a HMAC-SHA1 signature', () => {
  it('reproduces the test vector of the DEP spec §3.1', () => {
    const params: Array<[string, string]> = [
      ['oauth_consumer_key', 'CK_test'],
      ['oauth_token', 'AT_test'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131200'],
      ['oauth_nonce', '4572616e48616d6d65724c61686176'],
      ['oauth_version', '1.0'],
    ];
    const base = oauthBaseString('GET', oauthBaseUri('https', 'mdmenrollment.apple.com', '/session'), params);
    expect(base).toBe(
      'GET&https%3A%2F%2Fmdmenrollment.apple.com%2Fsession&oauth_consumer_key%3DCK_test%26oauth_nonce%3D4572616e48616d6d65724c61686176%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131200%26oauth_token%3DAT_test%26oauth_version%3D1.0',
    );
    expect(hmacSha1Signature(base, 'CS_test', 'AS_test')).toBe('VcBgRjtlSaZy/6zmUM0DSf6t6W4=');
  });

  it('reproduces RFC 5849 §1.2', () => {
    const params: Array<[string, string]> = [
      ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
      ['oauth_token', 'nnch734d00sl2jdk'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131202'],
      ['oauth_nonce', 'chapoH'],
      ['file', 'vacation.jpg'],
      ['size', 'original'],
    ];
    const base = oauthBaseString('GET', oauthBaseUri('http', 'photos.example.net:80', '/photos'), params);
    expect(hmacSha1Signature(base, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00')).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });

  it('drops default ports and lower-cases scheme and host', () => {
    expect(oauthBaseUri('HTTPS', 'MDMenrollment.Apple.com:443', '/session')).toBe('https://mdmenrollment.apple.com/session');
    expect(oauthBaseUri('http', '127.0.0.1:8080', '/session')).toBe('http://127.0.0.1:8080/session');
  });
});
