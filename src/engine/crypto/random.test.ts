import { describe, expect, test } from 'vitest';
import {
  ALPHABETS,
  randBytes,
  randInt,
  randomString,
  seededRandom,
  shuffle,
  systemRandom,
  uniform,
  uuidv4,
} from './random.js';

describe('sources', () => {
  test('seededRandom is deterministic per seed', () => {
    expect(seededRandom('a').bytes(40)).toEqual(seededRandom('a').bytes(40));
    expect(seededRandom('a').bytes(40)).not.toEqual(seededRandom('b').bytes(40));
  });

  test('seededRandom gives the same stream however it is split', () => {
    const r = seededRandom(7);
    const split = [...r.bytes(5), ...r.bytes(50), ...r.bytes(0), ...r.bytes(9)];
    expect(Uint8Array.from(split)).toEqual(seededRandom(7).bytes(64));
  });

  test('systemRandom returns fresh bytes', () => {
    const r = systemRandom();
    expect(r.bytes(16)).toHaveLength(16);
    expect(r.bytes(16)).not.toEqual(r.bytes(16));
  });

  test('uniform stays in range and covers it', () => {
    const r = seededRandom(1);
    const seen = new Set<bigint>();
    for (let i = 0; i < 500; i++) {
      const v = uniform(r, 7n);
      expect(v >= 0n && v < 7n).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });
});

describe('sprig random functions', () => {
  test.for([
    { name: 'alphaNum', alphabet: ALPHABETS.alphaNum, re: /^[0-9A-Za-z]{64}$/ },
    { name: 'alpha', alphabet: ALPHABETS.alpha, re: /^[A-Za-z]{64}$/ },
    { name: 'numeric', alphabet: ALPHABETS.numeric, re: /^[0-9]{64}$/ },
    { name: 'ascii', alphabet: ALPHABETS.ascii, re: /^[ -~]{64}$/ },
  ])('rand $name draws 64 characters from its alphabet', ({ alphabet, re }) => {
    expect(randomString(seededRandom(3), 64n, alphabet)).toMatch(re);
  });

  test.for([0n, -5n])('a count of %s gives ""', (count) => {
    expect(randomString(seededRandom(3), count, ALPHABETS.alpha)).toBe('');
  });

  test('randAscii can produce space and tilde but nothing outside 32..126', () => {
    const s = randomString(seededRandom(9), 5000n, ALPHABETS.ascii);
    expect(s).toContain(' ');
    expect(s).toContain('~');
  });

  test.for([
    { name: 'zero bytes', count: 0n, len: 0 },
    { name: 'sixteen bytes', count: 16n, len: 16 },
  ])('randBytes $name', ({ count, len }) => {
    expect(Buffer.from(randBytes(seededRandom(1), count), 'base64')).toHaveLength(len);
  });

  test('randBytes with a negative count panics like make()', () => {
    expect(() => randBytes(seededRandom(1), -1n)).toThrow('runtime error: makeslice: len out of range');
  });

  test.for([
    { name: 'range', min: 5n, max: 10n, ok: true },
    { name: 'negative range', min: -10n, max: -9n, ok: true },
    { name: 'empty range panics', min: 3n, max: 3n, ok: false },
    { name: 'inverted range panics', min: 4n, max: 3n, ok: false },
  ])('randInt $name', ({ min, max, ok }) => {
    if (!ok) {
      expect(() => randInt(seededRandom(1), min, max)).toThrow('invalid argument to Intn');
      return;
    }
    const v = randInt(seededRandom(1), min, max);
    expect(v >= min && v < max).toBe(true);
  });

  test('shuffle permutes code points', () => {
    const s = 'héllo wörld 👋';
    const out = shuffle(seededRandom(2), s);
    expect(Array.from(out).sort()).toEqual(Array.from(s).sort());
    expect(shuffle(seededRandom(2), s)).toBe(out);
    expect(shuffle(seededRandom(2), '')).toBe('');
  });

  test('uuidv4 has version 4 and the RFC 4122 variant', () => {
    const u = uuidv4(seededRandom(5));
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv4(seededRandom(5))).toBe(u);
  });
});
