/**
 * Sprig's `urlParse` and `urlJoin`, over a port of the parts of Go's net/url they use:
 * Parse (scheme, opaque, authority, path and fragment unescaping) and URL.String (escaping).
 */
import { type FuncMap, func, type GoMap, goQuote, isMap, isNil, kindName } from './go.js';
import { fromUtf8, utf8 } from './gostrings.js';

type Mode = 'path' | 'host' | 'userinfo' | 'fragment';

const isAlnum = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === 'host' && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'userinfo') return '@/?:'.includes(ch);
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

function urlEscape(s: string, mode: Mode): string {
  let out = '';
  for (const b of utf8(s)) {
    out += shouldEscape(b, mode)
      ? `%${b.toString(16).toUpperCase().padStart(2, '0')}`
      : String.fromCharCode(b);
  }
  return out;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

function urlUnescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%') {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2]))
        throw new Error(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      if (mode === 'host' && Number.parseInt(s[i + 1]!, 16) < 8 && s.slice(i, i + 3) !== '%25')
        throw new Error(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      i += 3;
    } else {
      const c = s.charCodeAt(i);
      if (mode === 'host' && c < 0x80 && shouldEscape(c, mode))
        throw new Error(`invalid character ${goQuote(s[i]!)} in host name`);
      i++;
    }
  }
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%') {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8(ch));
      i += ch.length;
    }
  }
  return fromUtf8(new Uint8Array(bytes));
}

interface UserInfo {
  username: string;
  password?: string;
}

interface URL {
  scheme: string;
  opaque: string;
  user?: UserInfo;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
  omitHost: boolean;
}

function userString(u: UserInfo): string {
  let s = urlEscape(u.username, 'userinfo');
  if (u.password !== undefined) s += `:${urlEscape(u.password, 'userinfo')}`;
  return s;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

const validOptionalPort = (p: string): boolean => p === '' || /^:[0-9]*$/.test(p);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1 && !validOptionalPort(host.slice(i)))
      throw new Error(`invalid port ${goQuote(host.slice(i))} after host`);
  }
  return urlUnescape(host, 'host');
}

function parseAuthority(authority: string): { user?: UserInfo; host: string } {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return { host };
  const userinfo = authority.slice(0, i);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new Error('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { user: { username: urlUnescape(userinfo, 'userinfo') }, host };
  return {
    user: {
      username: urlUnescape(userinfo.slice(0, colon), 'userinfo'),
      password: urlUnescape(userinfo.slice(colon + 1), 'userinfo'),
    },
    host,
  };
}

/** Go's url.Parse. Errors read like Go's: `parse "RAW": REASON`. */
export function parseURL(raw: string): URL {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? '' : raw.slice(hash + 1);
  let url: URL;
  try {
    url = parseNoFragment(u);
  } catch (e) {
    throw new Error(`parse ${goQuote(u)}: ${(e as Error).message}`);
  }
  try {
    url.fragment = urlUnescape(frag, 'fragment');
  } catch (e) {
    throw new Error(`parse ${goQuote(raw)}: ${(e as Error).message}`);
  }
  return url;
}

function parseNoFragment(raw: string): URL {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  const url: URL = {
    scheme: '',
    opaque: '',
    host: '',
    path: '',
    rawQuery: '',
    forceQuery: false,
    fragment: '',
    omitHost: false,
  };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let [scheme, rest] = getScheme(raw);
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (rest.split('/')[0]!.includes(':')) throw new Error('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const i = authority.indexOf('/');
    if (i >= 0) {
      rest = authority.slice(i);
      authority = authority.slice(0, i);
    }
    const a = parseAuthority(authority);
    url.host = a.host;
    if (a.user) url.user = a.user;
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  url.path = urlUnescape(rest, 'path');
  return url;
}

function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** Go's URL.String. */
export function formatURL(u: URL): string {
  let buf = '';
  if (u.scheme !== '') buf += `${u.scheme}:`;
  if (u.opaque !== '') {
    buf += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) buf += '//';
        if (u.user) buf += `${userString(u.user)}@`;
        if (u.host !== '') buf += urlEscape(u.host, 'host');
      }
    }
    const path = u.path === '*' ? '*' : urlEscape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '' && path.split('/')[0]!.includes(':')) buf += './';
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += `?${u.rawQuery}`;
  if (u.fragment !== '') buf += `#${urlEscape(u.fragment, 'fragment')}`;
  return buf;
}

function urlParse(v: string): GoMap {
  let u: URL;
  try {
    u = parseURL(v);
  } catch (e) {
    throw new Error(`unable to parse url: ${(e as Error).message}`);
  }
  return {
    scheme: u.scheme,
    host: u.host,
    hostname: hostname(u.host),
    path: u.path,
    query: u.rawQuery,
    opaque: u.opaque,
    fragment: u.fragment,
    userinfo: u.user ? userString(u.user) : '',
  };
}

function dictString(d: GoMap | null, key: string): string {
  if (isNil(d) || !Object.hasOwn(d, key)) return '';
  const v = d[key];
  if (isNil(v)) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  if (typeof v !== 'string')
    throw new Error(`unable to parse ${key} key, must be of type string, but ${kindName(v)} found`);
  return v;
}

function urlJoin(d: GoMap | null): string {
  const u: URL = {
    scheme: dictString(d, 'scheme'),
    host: dictString(d, 'host'),
    path: dictString(d, 'path'),
    rawQuery: dictString(d, 'query'),
    opaque: dictString(d, 'opaque'),
    fragment: dictString(d, 'fragment'),
    forceQuery: false,
    omitHost: false,
  };
  const userinfo = dictString(d, 'userinfo');
  if (userinfo !== '') {
    try {
      const parsed = parseURL(`proto://${userinfo}@host`);
      if (parsed.user) u.user = parsed.user;
    } catch (e) {
      throw new Error(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
  }
  return formatURL(u);
}

export function urlFuncs(): FuncMap {
  return new Map([
    ['urlParse', func(['string'], urlParse)],
    ['urlJoin', func(['map'], (d: unknown) => urlJoin(isMap(d) ? d : null))],
  ]);
}
