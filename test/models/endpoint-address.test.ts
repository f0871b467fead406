import { describe, expect, it } from 'vitest';
import { endpointName, splitCredentials } from '../../src/models/endpoint-address.js';

describe('endpoint addresses', () => {
  it('moves user:password out of a URL into HTTP Basic authentication (RFC 7617)', () => {
    expect(splitCredentials('http://alice:s3cr%40t@gpu-a:11434/x')).toEqual({
      url: 'http://gpu-a:11434/x',
      // base64("alice:s3cr@t"), as `curl -u alice:s3cr@t` sends it
      authorization: 'Basic YWxpY2U6czNjckB0',
    });
    expect(splitCredentials('https://token@api.example.com/v1')).toEqual({
      url: 'https://api.example.com/v1',
      authorization: `Basic ${Buffer.from('token:').toString('base64')}`,
    });
    expect(splitCredentials('http://gpu-a:11434')).toEqual({
      url: 'http://gpu-a:11434',
      authorization: null,
    });
    // An @ in the path is not a user.
    expect(splitCredentials('http://gpu-a/v1/@x').authorization).toBeNull();
  });

  it('names a server by its URL without credentials, query or fragment', () => {
    expect(endpointName('http://alice:s3cret@gpu-a:11434/')).toBe('http://gpu-a:11434');
    expect(endpointName('https://gpu-b.example.com/v1?api-key=s3cret#x')).toBe(
      'https://gpu-b.example.com/v1',
    );
  });
});
