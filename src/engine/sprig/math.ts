/**
 * Sprig's arithmetic (numeric.go and functions.go): integer functions convert every operand
 * with cast.ToInt64 (strings parse, floats truncate, int64 wraps); the `…f` functions compute
 * in shopspring/decimal from each operand's shortest float64 text, then convert back.
 */
import { parseGoInt, toFloat64, toInt64 } from './cast.js';
import { type FuncMap, func, int64 } from './go.js';
import { strval } from './gostrings.js';

/** An exact decimal: coef × 10^exp. */
interface Dec {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that round-trips to f. */
function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f))
    throw new Error(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const coef = BigInt(digits) * (neg ? -1n : 1n);
  return { coef, exp: Number(e) - (digits.length - 1) };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

const decOps = {
  add(a: Dec, b: Dec): Dec {
    const [x, y, exp] = align(a, b);
    return { coef: x + y, exp };
  },
  sub(a: Dec, b: Dec): Dec {
    const [x, y, exp] = align(a, b);
    return { coef: x - y, exp };
  },
  mul(a: Dec, b: Dec): Dec {
    return { coef: a.coef * b.coef, exp: a.exp + b.exp };
  },
  /** decimal.Div: rounded half away from zero to 16 decimal places (DivisionPrecision). */
  div(a: Dec, b: Dec): Dec {
    if (b.coef === 0n) throw new Error('decimal division by 0');
    const prec = 16;
    // a/b = (a.coef / b.coef) × 10^(a.exp - b.exp); scale so the quotient has `prec` decimals.
    const shift = a.exp - b.exp + prec;
    let num = a.coef;
    let den = b.coef;
    if (shift >= 0) num *= 10n ** BigInt(shift);
    else den *= 10n ** BigInt(-shift);
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    let q = num / den;
    const r = num % den;
    if (2n * (r < 0n ? -r : r) >= den) q += num < 0n ? -1n : 1n;
    return { coef: q, exp: -prec };
  },
};

function decToFloat(d: Dec): number {
  return Number(`${d.coef}e${d.exp}`);
}

function decimalOp(first: unknown, rest: unknown[], op: (a: Dec, b: Dec) => Dec): number {
  let acc = decFromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, decFromFloat(toFloat64(x)));
  return decToFloat(acc);
}

function intDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  return int64(a / b);
}

function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error('runtime error: integer divide by zero');
  return a % b;
}

/** Sprig's round: rounds up when the fraction reaches `roundOn` (default .5), else down. */
function round(a: unknown, p: bigint, roundOn: number[]): number {
  const on = roundOn.length > 0 ? roundOn[0]! : 0.5;
  const pow = 10 ** Number(p);
  const digit = pow * toFloat64(a);
  const frac = digit - Math.trunc(digit);
  return (frac >= on ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const v: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return v;
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0n) return v;
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

/** Sprig's toDecimal: the value's %v text read as an octal number, 0 when it is not one. */
function toDecimal(v: unknown): bigint {
  const s = strval(v);
  if (!/^[+-]?[0-7]+$/.test(s)) return 0n;
  return parseGoInt(s.replace(/^([+-]?)/, '$10o')) ?? 0n;
}

export function mathFuncs(): FuncMap {
  return new Map([
    ['add1', func(['any'], (i: unknown) => int64(toInt64(i) + 1n))],
    ['add', func([], (...xs: unknown[]) => xs.reduce<bigint>((a, b) => int64(a + toInt64(b)), 0n), 'any')],
    ['sub', func(['any', 'any'], (a: unknown, b: unknown) => int64(toInt64(a) - toInt64(b)))],
    ['div', func(['any', 'any'], (a: unknown, b: unknown) => intDiv(toInt64(a), toInt64(b)))],
    ['mod', func(['any', 'any'], (a: unknown, b: unknown) => intMod(toInt64(a), toInt64(b)))],
    [
      'mul',
      func(
        ['any'],
        (a: unknown, ...v: unknown[]) => v.reduce<bigint>((acc, b) => int64(acc * toInt64(b)), toInt64(a)),
        'any',
      ),
    ],
    ['add1f', func(['any'], (i: unknown) => decimalOp(i, [1n], decOps.add))],
    ['addf', func([], (...xs: unknown[]) => decimalOp(0, xs, decOps.add), 'any')],
    ['subf', func(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, decOps.sub), 'any')],
    ['mulf', func(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, decOps.mul), 'any')],
    ['divf', func(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, decOps.div), 'any')],
    ...(['biggest', 'max'] as const).map(
      (n) =>
        [
          n,
          func(
            ['any'],
            (a: unknown, ...v: unknown[]) =>
              v.reduce<bigint>((acc, b) => {
                const x = toInt64(b);
                // biome-ignore lint/complexity/useMathMinMax: bigint
                return x > acc ? x : acc;
              }, toInt64(a)),
            'any',
          ),
        ] as const,
    ),
    [
      'min',
      func(
        ['any'],
        (a: unknown, ...v: unknown[]) =>
          v.reduce<bigint>((acc, b) => {
            const x = toInt64(b);
            // biome-ignore lint/complexity/useMathMinMax: bigint
            return x < acc ? x : acc;
          }, toInt64(a)),
        'any',
      ),
    ],
    [
      'maxf',
      func(
        ['any'],
        (a: unknown, ...v: unknown[]) =>
          v.reduce<number>((acc, b) => Math.max(acc, toFloat64(b)), toFloat64(a)),
        'any',
      ),
    ],
    [
      'minf',
      func(
        ['any'],
        (a: unknown, ...v: unknown[]) =>
          v.reduce<number>((acc, b) => Math.min(acc, toFloat64(b)), toFloat64(a)),
        'any',
      ),
    ],
    ['floor', func(['any'], (a: unknown) => Math.floor(toFloat64(a)))],
    ['ceil', func(['any'], (a: unknown) => Math.ceil(toFloat64(a)))],
    ['round', func(['any', 'int'], (a: unknown, p: bigint, ...on: number[]) => round(a, p, on), 'float64')],
    ['until', func(['int'], (c: bigint) => untilStep(0n, c, c < 0n ? -1n : 1n))],
    ['untilStep', func(['int', 'int', 'int'], untilStep)],
    ['atoi', func(['string'], (s: string) => atoi(s))],
    ['int64', func(['any'], toInt64)],
    ['int', func(['any'], toInt64)],
    ['float64', func(['any'], toFloat64)],
    ['toDecimal', func(['any'], toDecimal)],
  ]);
}

/** strconv.Atoi with the error dropped: 0 on a syntax error, clamped to int64 on overflow. */
function atoi(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  const min = -(1n << 63n);
  const max = (1n << 63n) - 1n;
  return n < min ? min : n > max ? max : n;
}
