/**
 * sprig's getHostByName, offline: names resolve through an injected synchronous resolver,
 * by default numeric addresses and /etc/hosts (no DNS — the engine never touches the network).
 *
 * sprig returns a random one of net.LookupHost's addresses and ignores the lookup error, so
 * an unknown name panics in math/rand ("invalid argument to Intn"). helm replaces the function
 * with one returning "" unless `--enable-dns` is given; that switch belongs to the engine.
 */
import { readFileSync } from 'node:fs';
import { intnError } from './errors.js';
import { parseIP } from './ip.js';
import { type RandomSource, uniform } from './random.js';

/** Resolves a host name to its addresses; [] when unknown. Must not do network I/O in tests. */
export type HostResolver = (name: string) => string[];

/** Go's netip.Addr.String() of a 16-byte address that was parsed from `text`. */
function canonical(ip: Uint8Array, wasV4: boolean): string {
  if (wasV4) return Array.from(ip.subarray(12)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i]! << 8) | ip[i + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${Array.from(ip.subarray(12)).join('.')}`;
  }
  // The longest run of two or more zero groups (the first, on ties) becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Parses hosts-file text into name → addresses (names lower-cased, without a trailing dot). */
export function parseHosts(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [addr, ...names] = line.split(/[ \t]+/);
    const ip = parseIP(addr!.split('%')[0]!);
    if (!ip) continue;
    const text = canonical(ip, !addr!.includes(':'));
    for (const n of names) {
      const key = n.toLowerCase().replace(/\.$/, '');
      const list = out.get(key) ?? [];
      if (!list.includes(text)) list.push(text);
      out.set(key, list);
    }
  }
  return out;
}

/** The default resolver: a numeric address resolves to itself, else /etc/hosts (read per call). */
export function hostsFileResolver(path = '/etc/hosts'): HostResolver {
  return (name) => {
    if (parseIP(name)) return [name];
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return [];
    }
    return parseHosts(text).get(name.toLowerCase().replace(/\.$/, '')) ?? [];
  };
}

/** sprig's getHostByName: a random address of the name; panics like Go when there is none. */
export function getHostByName(name: string, resolve: HostResolver, random: RandomSource): string {
  const addrs = resolve(name);
  if (addrs.length === 0) throw intnError();
  return addrs[Number(uniform(random, BigInt(addrs.length)))]!;
}
