import { describe, expect, test } from 'vitest';
import { manifestObjects } from './resources.js';

describe('manifestObjects', () => {
  test.for([
    {
      name: 'a block scalar ending a document keeps its final newline (as helm decodes it)',
      manifest: '---\n# Source: c/templates/cm.yaml\nkind: ConfigMap\ndata:\n  a.yaml: |\n    x: 1\n',
      want: [{ kind: 'ConfigMap', data: { 'a.yaml': 'x: 1\n' } }],
    },
    {
      name: 'a block scalar in the middle of the manifest too',
      manifest:
        '---\n# Source: c/templates/a.yaml\nkind: ConfigMap\ndata:\n  a: |\n    one\n---\n# Source: c/templates/b.yaml\nkind: Secret\nstringData:\n  b: |-\n    two\n',
      want: [
        { kind: 'ConfigMap', data: { a: 'one\n' } },
        { kind: 'Secret', stringData: { b: 'two' } },
      ],
    },
    {
      name: "a hook's manifest (helm stores it trimmed) ends without one",
      manifest: '# Source: c/templates/hook.yaml\nkind: ConfigMap\ndata:\n  a: |\n    x',
      want: [{ kind: 'ConfigMap', data: { a: 'x' } }],
    },
    {
      name: 'a separator line may carry a comment; a line merely starting with --- inside a value does not split',
      manifest: 'kind: A\n--- # next\nkind: B\nv: ---x\n',
      want: [{ kind: 'A' }, { kind: 'B', v: '---x' }],
    },
    {
      name: 'a List is flattened into its items',
      manifest: '---\nkind: ConfigMapList\nitems:\n- kind: ConfigMap\n- kind: Secret\n',
      want: [{ kind: 'ConfigMap' }, { kind: 'Secret' }],
    },
  ])('$name', ({ manifest, want }) => {
    expect(manifestObjects(manifest)).toEqual(want);
  });
});
