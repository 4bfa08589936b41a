/**
 * PEM blocks as Go's encoding/pem writes and reads them.
 *
 * Encoding: `-----BEGIN TYPE-----\n`, base64 in 64-character lines, `-----END TYPE-----\n`.
 * Decoding finds the first well-formed block anywhere in the text, skips `Key: value`
 * headers, and ignores whitespace inside the base64 body.
 */

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.map((l) => `${l}\n`).join('')}-----END ${type}-----\n`;
}

const BEGIN = /-----BEGIN ([^\n-][^\n]*?)-----[ \t\r]*\n/g;
const BASE64_BODY = /^[A-Za-z0-9+/=\s]*$/;

/** The first PEM block in `text`, or undefined (pem.Decode returning nil). */
export function pemDecode(text: string): PemBlock | undefined {
  for (const m of text.matchAll(BEGIN)) {
    const type = m[1]!;
    const bodyStart = m.index + m[0].length;
    const endMarker = `-----END ${type}-----`;
    const end = text.indexOf(endMarker, bodyStart);
    if (end < 0) continue;
    let body = text.slice(bodyStart, end);
    // Optional RFC 1421 headers end at the first blank line.
    if (/^[^\n:]*:/.test(body)) {
      const blank = body.search(/\r?\n\r?\n/);
      if (blank < 0) continue;
      body = body.slice(blank).trimStart();
    }
    if (!BASE64_BODY.test(body)) continue;
    const clean = body.replace(/\s+/g, '');
    if (clean.length % 4 !== 0) continue;
    return { type, bytes: new Uint8Array(Buffer.from(clean, 'base64')) };
  }
  return undefined;
}
