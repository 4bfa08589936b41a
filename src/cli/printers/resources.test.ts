import { describe, expect, test } from 'vitest';
import { goTabwriter, resourcesText } from './resources.js';

describe('goTabwriter (minwidth 6, padding 3, trailing cell unpadded)', () => {
  test.for([
    { name: 'short cells reach minwidth', lines: [['A', 'B', 'C']], want: 'A     B     C' },
    {
      name: 'columns take the widest cell plus padding',
      lines: [
        ['NAME', 'DATA', 'AGE'],
        ['two-very-long-name', '2', '5s'],
      ],
      want: 'NAME                 DATA   AGE\ntwo-very-long-name   2      5s',
    },
  ])('$name', ({ lines, want }) => {
    expect(goTabwriter(lines)).toBe(want);
  });
});

describe('resourcesText', () => {
  test('headers once per section, each object its own table, as kubectl prints for helm status', () => {
    const table = (name: string, data: string) => ({
      kind: 'Table',
      columnDefinitions: [
        { name: 'Name', priority: 0 },
        { name: 'Data', priority: 0 },
        { name: 'Wide', priority: 1 },
        { name: 'Age', priority: 0 },
      ],
      rows: [{ cells: [name, Number(data), 'hidden', '2s'] }],
    });
    expect(
      resourcesText([{ key: 'v1/ConfigMap', items: [table('a', '1'), table('a-much-longer-name', '2')] }]),
    ).toBe(
      'RESOURCES:\n==> v1/ConfigMap\nNAME   DATA   AGE\na      1      2s\na-much-longer-name   2     2s\n\n\n',
    );
    expect(resourcesText([])).toBe('');
  });
});
