const { parseYaml } = await import('/work/main/dist/encoding/index.js');
const YAML = await import('yaml');
for (const n of [500, 1000, 2000]) {
  const lines = ['apiVersion: v1', 'entries:'];
  for (let c = 0; c < n / 5; c++) {
    lines.push(`  c${c}:`);
    for (let v = 0; v < 5; v++)
      lines.push(
        '  - apiVersion: v2',
        `    description: chart number ${c} with a long description text here`,
        `    name: c${c}`,
        `    urls:`,
        `    - https://x/c${c}-${v}.tgz`,
        `    version: ${v}.0.0`,
      );
  }
  const t = lines.join('\n') + '\n';
  let t0 = Date.now();
  parseYaml(t);
  const a = Date.now() - t0;
  t0 = Date.now();
  YAML.parse(t);
  const b = Date.now() - t0;
  console.log(n, t.length, 'parseYaml', a, 'ms; yaml pkg', b, 'ms');
}
