import { describe, expect, test } from 'vitest';
import { parseSelector, SelectorError } from './selector.js';

describe('parseSelector (labels.Parse over release labels)', () => {
  const labels = { tier: 'web', env: 'prod', name: 'shop' };
  test.for([
    { sel: '', want: true },
    { sel: 'tier=web', want: true },
    { sel: 'tier==web', want: true },
    { sel: 'tier!=web', want: false },
    { sel: 'tier=db', want: false },
    { sel: 'tier in (db,web)', want: true },
    { sel: 'tier notin (db,web)', want: false },
    { sel: 'missing notin (x)', want: true }, // notin holds when the key is absent
    { sel: 'env', want: true },
    { sel: '!env', want: false },
    { sel: '!missing', want: true },
    { sel: 'tier=web,env=prod', want: true },
    { sel: 'tier=web, env=dev', want: false },
    { sel: 'tier in (web), !missing, name=shop', want: true },
  ])('$sel → $want', ({ sel, want }) => {
    expect(parseSelector(sel)(labels)).toBe(want);
  });

  test.for(['tier=a b', 'ti er', 'tier in x', '=web'])('rejects %s', (sel) => {
    expect(() => parseSelector(sel)).toThrow(SelectorError);
  });
});
