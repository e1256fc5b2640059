import { describe, expect, it } from 'vitest';
import { parseQueueSettings } from '../../src/queue/queue-settings.js';

describe('queue settings from a redis:// URL', () => {
  it('reads host, port, database and login, and never shows the password', () => {
    const s = parseQueueSettings('redis://user:s%40cret@head:6380/2', 'lib1');
    expect(s).toMatchObject({ host: 'head', port: 6380, db: 2, username: 'user', password: 's@cret', tls: false, prefix: 'lib1' });
    expect(s.display).toBe('redis://head:6380/2');
  });

  it('defaults to port 6379, database 0 and the facetag prefix; rediss:// means TLS', () => {
    expect(parseQueueSettings('redis://head')).toMatchObject({ port: 6379, db: 0, prefix: 'facetag', tls: false });
    expect(parseQueueSettings('rediss://head').tls).toBe(true);
  });

  it('refuses what is not a Redis URL, a bad database and a prefix with ":"', () => {
    expect(() => parseQueueSettings('http://head:6379')).toThrow(/expected redis:\/\//);
    expect(() => parseQueueSettings('head:6379')).toThrow(/invalid queue URL/);
    expect(() => parseQueueSettings('redis://head/x')).toThrow(/database "x"/);
    expect(() => parseQueueSettings('redis://head', 'a:b')).toThrow(/prefix/);
  });
});
