import { describe, expect, test } from 'vitest';
import { InstallOrder, sortByKind, UninstallOrder } from './kind-order.js';
import { ManifestParseError, sortManifests, splitManifests } from './manifest.js';

describe('splitManifests', () => {
  test.for([
    { name: 'single document', text: 'a: 1\n', want: ['a: 1'] },
    { name: 'leading separator', text: '---\na: 1\n---\nb: 2\n', want: ['a: 1', 'b: 2'] },
    // The first separator eats the newline the second one would need, so it stays in the document (as in Go).
    { name: 'adjacent separators', text: '---\n---\n\na: 1\n---\n', want: ['---\n\na: 1'] },
    { name: 'separator eats trailing spaces', text: 'a: 1\n---   \nb: 2', want: ['a: 1', 'b: 2'] },
    // helm's separator does not need a line end after the dashes (Go regexp "---\s*").
    { name: 'dashes glued to text', text: 'a: 1\n---b: 2', want: ['a: 1', 'b: 2'] },
    { name: 'dashes inside a line are content', text: 'a: x---y', want: ['a: x---y'] },
  ])('$name', ({ text, want }) => {
    expect(splitManifests(text)).toEqual(want);
  });
});

describe('sortByKind', () => {
  test('unknown kinds go last, ordered by name, stable within a kind', () => {
    const items = ['Zed/1', 'Deployment/1', 'Alpha/1', 'Namespace/1', 'Zed/2', 'Deployment/2'];
    const sorted = sortByKind(items, (s) => s.split('/')[0]!, InstallOrder);
    expect(sorted).toEqual(['Namespace/1', 'Deployment/1', 'Deployment/2', 'Alpha/1', 'Zed/1', 'Zed/2']);
  });
  test('uninstall order puts Service before workloads', () => {
    const sorted = sortByKind(['Deployment', 'Service', 'Namespace'], (s) => s, UninstallOrder);
    expect(sorted).toEqual(['Service', 'Deployment', 'Namespace']);
  });
});

describe('sortManifests', () => {
  test('separates hooks, skips partials and sorts by kind', () => {
    const files = new Map([
      [
        'c/templates/b.yaml',
        'kind: Service\nmetadata:\n  name: s\n---\nkind: Namespace\nmetadata:\n  name: ns',
      ],
      ['c/templates/_helpers.tpl', 'kind: Secret'],
      [
        'c/templates/a.yaml',
        'kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install, Post-Upgrade\n    helm.sh/hook-weight: "-5"\n    helm.sh/hook-delete-policy: hook-succeeded',
      ],
      ['c/templates/c.yaml', 'kind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: nonsense'],
    ]);
    const { hooks, manifests } = sortManifests(files, InstallOrder);
    expect(manifests.map((m) => `${m.name}:${m.head.kind}`)).toEqual([
      'c/templates/b.yaml:Namespace',
      'c/templates/b.yaml:Service',
    ]);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      name: 'j',
      events: ['pre-install', 'post-upgrade'],
      weight: -5,
      delete_policies: ['hook-succeeded'],
    });
  });
  test('a numeric annotation is a parse error, as in helm', () => {
    const files = new Map([
      ['c/templates/a.yaml', 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook-weight: 5'],
    ]);
    expect(() => sortManifests(files, InstallOrder)).toThrow(ManifestParseError);
  });
});
