/**
 * Moving fields owned through client-side apply to server-side apply, as helm 4 does when it
 * upgrades a release helm 3 (or helm 4 with --server-side=false) made: the `Update` entry of the
 * field manager is folded into its `Apply` entry, so a later apply by the same manager does not
 * conflict with itself (client-go's csaupgrade.UpgradeManagedFields).
 */

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
  [k: string]: unknown;
}

function union(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      cur && typeof cur === 'object' && v && typeof v === 'object'
        ? union(cur as Record<string, unknown>, v as Record<string, unknown>)
        : (cur ?? v);
  }
  return out;
}

/** The upgraded managedFields, or undefined when there is nothing to upgrade. */
export function upgradeManagedFields(
  entries: readonly ManagedFieldsEntry[],
  manager: string,
): ManagedFieldsEntry[] | undefined {
  const main = (e: ManagedFieldsEntry) => !e.subresource;
  const csa = entries.findIndex((e) => e.manager === manager && e.operation === 'Update' && main(e));
  if (csa < 0) return undefined;
  const ssa = entries.findIndex((e) => e.manager === manager && e.operation === 'Apply' && main(e));
  const out = entries.map((e) => ({ ...e }));
  if (ssa < 0) {
    out[csa] = { ...out[csa]!, operation: 'Apply' };
    return out;
  }
  out[ssa] = { ...out[ssa]!, fieldsV1: union(out[ssa]!.fieldsV1 ?? {}, out[csa]!.fieldsV1 ?? {}) };
  out.splice(csa, 1);
  return out;
}
