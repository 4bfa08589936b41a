/**
 * Go's net.ParseIP (netip.ParseAddr without zones), for the IP SANs of sprig's certificates.
 *
 * IPv4 is four decimal fields without leading zeros; IPv6 has at most one "::", 1–4 hex
 * digits per group and may end in an IPv4 dotted quad. `sanBytes` then encodes an address as
 * x509 does: 4 bytes for IPv4 and for IPv4-mapped IPv6 (`::ffff:a.b.c.d`), else 16.
 */

/** The 16-byte form of an address, or undefined when Go's ParseIP would return nil. */
export function parseIP(s: string): Uint8Array | undefined {
  for (const ch of s) {
    if (ch === '.') return v4in6(parseIPv4(s));
    if (ch === ':') return parseIPv6(s);
    if (ch === '%') return undefined;
  }
  return undefined;
}

function v4in6(v4: Uint8Array | undefined): Uint8Array | undefined {
  if (!v4) return undefined;
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(v4, 12);
  return out;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const fields = s.split('.');
  if (fields.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const f = fields[i]!;
    if (!/^[0-9]{1,3}$/.test(f) || (f.length > 1 && f[0] === '0')) return undefined;
    const v = Number(f);
    if (v > 255) return undefined;
    out[i] = v;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]*/.exec(rest)![0];
    if (m.length > 4) return undefined;
    if (rest[m.length] === '.') {
      // An IPv4 address in the last 32 bits.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(rest);
      if (!v4) return undefined;
      ip.set(v4, i);
      i += 4;
      rest = '';
      break;
    }
    if (m.length === 0) return undefined;
    const v = Number.parseInt(m, 16);
    ip[i] = v >> 8;
    ip[i + 1] = v & 0xff;
    i += 2;
    rest = rest.slice(m.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    ip.copyWithin(ellipsis + n, ellipsis, i);
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return ip;
}

/** The address bytes x509 writes into an iPAddress SAN (IP.To4() when it is IPv4). */
export function sanBytes(ip16: Uint8Array): Uint8Array {
  const isV4 = ip16.subarray(0, 10).every((b) => b === 0) && ip16[10] === 0xff && ip16[11] === 0xff;
  return isV4 ? ip16.slice(12) : ip16;
}
