import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { getHostByName, hostsFileResolver, parseHosts } from './network.js';
import { seededRandom } from './random.js';

const hosts = `# comment
127.0.0.1 localhost loopback
::1       localhost ip6-localhost # trailing comment
10.0.0.5  Db.Internal. db
2001:db8:0:0:0:0:0:1 v6host
bogus     ignored
`;

test.for([
  { name: 'localhost (v4 and v6, file order)', host: 'localhost', want: ['127.0.0.1', '::1'] },
  { name: 'case and trailing dot', host: 'DB.internal.', want: ['10.0.0.5'] },
  { name: 'canonical IPv6 text', host: 'v6host', want: ['2001:db8::1'] },
  { name: 'unknown', host: 'nowhere', want: [] },
])('parseHosts: $name', ({ host, want }) => {
  expect(parseHosts(hosts).get(host.toLowerCase().replace(/\.$/, '')) ?? []).toEqual(want);
});

test('the default resolver reads the hosts file and passes numeric addresses through', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-hosts-'));
  const file = join(dir, 'hosts');
  writeFileSync(file, hosts);
  const resolve = hostsFileResolver(file);
  expect(resolve('db')).toEqual(['10.0.0.5']);
  expect(resolve('192.0.2.1')).toEqual(['192.0.2.1']);
  expect(resolve('fe80::1')).toEqual(['fe80::1']);
  expect(hostsFileResolver(join(dir, 'missing'))('db')).toEqual([]);
});

test('getHostByName picks one of the addresses, and panics like sprig when there is none', () => {
  const resolve = (n: string): string[] => (n === 'two' ? ['10.0.0.1', '10.0.0.2'] : []);
  expect(['10.0.0.1', '10.0.0.2']).toContain(getHostByName('two', resolve, seededRandom(1)));
  expect(() => getHostByName('none', resolve, seededRandom(1))).toThrow('invalid argument to Intn');
});
