/**
 * Blowfish with the "expensive key schedule" (eksblowfish) that bcrypt is built on.
 *
 * Blowfish's initial P-array and S-boxes are, by definition, the hexadecimal digits of the
 * fractional part of π (P1 = 0x243F6A88, …). Rather than embedding a 4 KiB table we compute
 * those 1042 words once, on first use, from Machin's formula in BigInt arithmetic.
 */

const WORDS = 18 + 4 * 256;

let piWords: Uint32Array | undefined;

/** arctan(1/x) scaled by `scale`, by its Taylor series. */
function arctanInverse(x: bigint, scale: bigint): bigint {
  const x2 = x * x;
  let power = scale / x;
  let sum = power;
  for (let k = 3n, negative = true; power !== 0n; k += 2n, negative = !negative) {
    power /= x2;
    sum += negative ? -(power / k) : power / k;
  }
  return sum;
}

/** The first 1042 32-bit words of π's fractional part (Blowfish's initial state). */
export function piFractionWords(): Uint32Array {
  if (piWords) return piWords;
  const bits = BigInt(WORDS * 32);
  const guard = 64n;
  const scale = 1n << (bits + guard);
  const pi = 16n * arctanInverse(5n, scale) - 4n * arctanInverse(239n, scale);
  const frac = (pi - 3n * scale) >> guard;
  const words = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) {
    words[i] = Number((frac >> (bits - 32n * BigInt(i + 1))) & 0xffffffffn);
  }
  piWords = words;
  return words;
}

/** Blowfish state: the P-array followed by the four S-boxes in one array. */
export class Blowfish {
  /** p[0..17] is the P-array, p[18 + 256*k + i] is S-box k entry i. */
  readonly state: Uint32Array;

  constructor() {
    this.state = Uint32Array.from(piFractionWords());
  }

  /** Encrypts the 64-bit block (l, r) in place of `block[0..1]`. */
  encrypt(block: Uint32Array): void {
    const s = this.state;
    let l = block[0]!;
    let r = block[1]!;
    for (let i = 0; i < 16; i += 2) {
      l ^= s[i]!;
      r ^=
        ((s[18 + (l >>> 24)]! + s[274 + ((l >>> 16) & 0xff)]!) ^ s[530 + ((l >>> 8) & 0xff)]!) +
        s[786 + (l & 0xff)]!;
      r ^= s[i + 1]!;
      l ^=
        ((s[18 + (r >>> 24)]! + s[274 + ((r >>> 16) & 0xff)]!) ^ s[530 + ((r >>> 8) & 0xff)]!) +
        s[786 + (r & 0xff)]!;
    }
    l ^= s[16]!;
    r ^= s[17]!;
    block[0] = r >>> 0;
    block[1] = l >>> 0;
  }

  /**
   * Blowfish's key schedule, optionally salted (eksblowfish's ExpandKey(state, salt, key)):
   * XOR the key cyclically into the P-array, then re-fill P and the S-boxes with successive
   * encryptions of a block that is XORed with the salt (cyclically) before each one.
   */
  expandKey(key: Uint8Array, salt?: Uint8Array): void {
    const s = this.state;
    const nextKeyWord = cycler(key);
    for (let i = 0; i < 18; i++) s[i] = (s[i]! ^ nextKeyWord()) >>> 0;
    const block = new Uint32Array(2);
    const nextSaltWord = salt && salt.length > 0 ? cycler(salt) : undefined;
    for (let i = 0; i < WORDS; i += 2) {
      if (nextSaltWord) {
        block[0] = (block[0]! ^ nextSaltWord()) >>> 0;
        block[1] = (block[1]! ^ nextSaltWord()) >>> 0;
      }
      this.encrypt(block);
      s[i] = block[0]!;
      s[i + 1] = block[1]!;
    }
  }
}

/** Successive big-endian 32-bit words of `bytes`, wrapping around at the end. */
function cycler(bytes: Uint8Array): () => number {
  let j = 0;
  return () => {
    let w = 0;
    for (let k = 0; k < 4; k++) {
      w = ((w << 8) | bytes[j]!) >>> 0;
      j = (j + 1) % bytes.length;
    }
    return w;
  };
}
