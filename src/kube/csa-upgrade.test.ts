import { describe, expect, test } from 'vitest';
import { upgradeManagedFields } from './csa-upgrade.js';

const f = (x: object) => ({ 'f:data': x });

describe('upgradeManagedFields', () => {
  test.for([
    {
      name: 'nothing client-side',
      in: [{ manager: 'helm', operation: 'Apply', fieldsV1: f({ 'f:a': {} }) }],
      out: undefined,
    },
    {
      name: 'Update entry becomes Apply when there is none',
      in: [{ manager: 'helm', operation: 'Update', fieldsV1: f({ 'f:a': {} }) }],
      out: [{ manager: 'helm', operation: 'Apply', fieldsV1: f({ 'f:a': {} }) }],
    },
    {
      name: 'Update entry folded into the Apply entry',
      in: [
        { manager: 'helm', operation: 'Apply', fieldsV1: f({ 'f:a': {} }) },
        { manager: 'kubectl', operation: 'Update', fieldsV1: f({ 'f:z': {} }) },
        { manager: 'helm', operation: 'Update', fieldsV1: f({ 'f:b': {} }) },
      ],
      out: [
        { manager: 'helm', operation: 'Apply', fieldsV1: f({ 'f:a': {}, 'f:b': {} }) },
        { manager: 'kubectl', operation: 'Update', fieldsV1: f({ 'f:z': {} }) },
      ],
    },
    {
      name: 'status subresource entries are left alone',
      in: [{ manager: 'helm', operation: 'Update', subresource: 'status', fieldsV1: {} }],
      out: undefined,
    },
  ])('$name', ({ in: entries, out }) => {
    expect(upgradeManagedFields(entries, 'helm')).toEqual(out);
  });
});
