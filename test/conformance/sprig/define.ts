/** Declares a conformance suite: every case renders once in helm (beforeAll) and is compared by name. */
import { beforeAll, describe, expect, test } from 'vitest';
import { bosunError, bosunPrint, type Case, helmError, helmPrints } from './harness.js';

/** `cases` as [name, action] pairs; names must be unique within the suite. */
export function sprigSuite(title: string, pairs: readonly (readonly [string, string])[]): void {
  const cases: Case[] = pairs.map(([name, tpl]) => ({ name, tpl }));
  describe(title, () => {
    let helm: Map<string, string>;
    beforeAll(async () => {
      helm = await helmPrints(cases);
    }, 60_000);
    test.for(cases)('$name: {{ $tpl }}', (c) => {
      expect(bosunPrint(c.tpl)).toBe(helm.get(c.name));
    });
  });
}

/** Cases that must fail: one helm run each, compared by the error text. */
export function sprigErrorSuite(title: string, pairs: readonly (readonly [string, string])[]): void {
  const cases: Case[] = pairs.map(([name, tpl]) => ({ name, tpl }));
  describe(title, () => {
    const helm = new Map<string, string>();
    beforeAll(async () => {
      const msgs = await Promise.all(cases.map(helmError));
      for (const [i, c] of cases.entries()) helm.set(c.name, msgs[i]!);
    }, 60_000);
    test.for(cases)('$name: {{ $tpl }}', (c) => {
      expect(bosunError(c.tpl)).toBe(helm.get(c.name));
    });
  });
}
