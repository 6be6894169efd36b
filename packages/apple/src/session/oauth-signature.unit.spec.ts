import { oauthAuthorizationHeader, oauthSignature, signatureBaseString } from './oauth-signature';

const credentials = { consumerKey: 'CK_test', consumerSecret: 'CS_test', accessToken: 'AT_test', accessSecret: 'AS_test' };
const request = {
  method: 'GET',
  url: 'https://mdmenrollment.apple.com/session',
  timestamp: 137131200,
  nonce: '4572616e48616d6d65724c61686176',
};

describe('OAuth 1.0a HMAC-SHA1 for GET /session', () => {
  it("matches the spec's test vector exactly", () => {
    expect(signatureBaseString(credentials, request)).toBe(
      'GET&https%3A%2F%2Fmdmenrollment.apple.com%2Fsession&oauth_consumer_key%3DCK_test%26oauth_nonce%3D4572616e48616d6d65724c61686176%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131200%26oauth_token%3DAT_test%26oauth_version%3D1.0',
    );
    expect(oauthSignature(credentials, request)).toBe('VcBgRjtlSaZy/6zmUM0DSf6t6W4=');
    expect(oauthAuthorizationHeader(credentials, request)).toContain('oauth_signature="VcBgRjtlSaZy%2F6zmUM0DSf6t6W4%3D"');
  });

  it('passes RFC 5849 §1.2 (query parameters are signed, secrets are the key)', () => {
    const rfc = {
      consumerKey: 'dpf43f3p2l4k3l03',
      consumerSecret: 'kd94hf93k423kf44',
      accessToken: 'nnch734d00sl2jdk',
      accessSecret: 'pfkkdhi9sl3r4s00',
    };
    const photo = {
      method: 'GET',
      url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      timestamp: 1191242096,
      nonce: 'kllo9940pd9333jh',
    };
    expect(oauthSignature(rfc, photo)).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  it('lower-cases scheme and host and drops default ports; keeps other ports', () => {
    const upper = { ...request, url: 'HTTPS://MDMEnrollment.Apple.com:443/session' };
    expect(signatureBaseString(credentials, upper)).toBe(signatureBaseString(credentials, request));
    expect(signatureBaseString(credentials, { ...request, url: 'http://127.0.0.1:8080/session' })).toContain(
      'http%3A%2F%2F127.0.0.1%3A8080%2Fsession',
    );
  });

  it('sends realm ADM by default, or none', () => {
    expect(oauthAuthorizationHeader(credentials, request)).toMatch(
      /^OAuth realm="ADM", oauth_consumer_key="CK_test", oauth_token="AT_test"/,
    );
    expect(oauthAuthorizationHeader(credentials, request, null)).toMatch(/^OAuth oauth_consumer_key="CK_test"/);
  });
});
