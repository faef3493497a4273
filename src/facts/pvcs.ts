import type { PvcRaw, StorageClassRaw } from '../objects/index.js';
import { str } from './build.js';
import { objectBase, type Join } from './object-base.js';
import type { ObjectFacts, PvcFacts } from './object-types.js';

/** The annotation that named a claim's class before spec.storageClassName (still read by the persistentvolume controller). */
export const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/**
 * The PersistentVolumeClaims of the scope with their facts: the class they ask for and
 * whether it exists (only when StorageClasses were listed), the class's binding mode and
 * provisioner, and the pods of the namespace that mount them. None when the claims could not
 * be listed.
 */
export function buildPvcFacts(j: Join): ObjectFacts[] {
  if (!j.store.listed('persistentvolumeclaims')) return [];
  const classes = j.store.listed('storageclasses') ? new Map(j.store.all<StorageClassRaw>('storageclasses').map((c) => [c.metadata?.name ?? '', c])) : null;
  const out: ObjectFacts[] = [];
  for (const raw of j.store.all<PvcRaw>('persistentvolumeclaims')) {
    const o = objectBase(raw, 'PersistentVolumeClaim', j.events, j.now);
    if (j.namespace !== null && o.namespace !== j.namespace) continue;
    const annotations = raw.metadata?.annotations ?? {};
    const spec = raw.spec ?? {};
    // GetPersistentVolumeClaimClass (k8s.io/component-helpers/storage/volume): the annotation wins over the field
    const beta = typeof annotations[BETA_STORAGE_CLASS] === 'string' ? annotations[BETA_STORAGE_CLASS] : null;
    const field = typeof spec.storageClassName === 'string' ? spec.storageClassName : null;
    const storageClass = beta ?? field;
    const cls = storageClass && classes ? classes.get(storageClass) : undefined;
    const pvc: PvcFacts = {
      phase: str(raw.status?.phase),
      storageClass,
      storageClassFrom: beta !== null ? 'annotation volume.beta.kubernetes.io/storage-class' : field !== null ? 'spec.storageClassName' : null,
      storageClassExists: storageClass && classes ? classes.has(storageClass) : null,
      volumeBindingMode: str(cls?.volumeBindingMode),
      provisioner: str(cls?.provisioner) ?? str(annotations['volume.kubernetes.io/storage-provisioner']) ?? str(annotations['volume.beta.kubernetes.io/storage-provisioner']),
      volumeName: str(spec.volumeName) || null,
      usedBy: (j.podsByNamespace.get(o.namespace) ?? []).filter((p) => p.volumes.some((v) => v.claimName === o.name)),
    };
    o.pvc = pvc;
    out.push(o);
  }
  return out;
}
