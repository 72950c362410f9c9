import { FILTER_LIMITS } from '../../../shared/filter';
import type { RequestContext } from '../../platform/http/request-context';
import { CUSTOMER_OBJECTS } from './custom-field-values';
import { loadCustomFields } from './custom-fields.repo';
import { DEFAULT_SORT } from './customer-list';
import { describeFields, OBJECT_LABELS } from './customers.metadata';
import { type RegionOption, regionChildren } from './normalize';

/** Describes every customer object and its fields (standard and the workspace's live custom ones). */
export async function getMetadata(ctx: RequestContext) {
  const objects = [];
  for (const objectType of CUSTOMER_OBJECTS) {
    const custom = await loadCustomFields(ctx.tx, objectType);
    const { labelZh, labelEn } = OBJECT_LABELS[objectType];
    objects.push({
      objectType,
      labelZh,
      labelEn,
      defaultSort: DEFAULT_SORT,
      fields: describeFields(objectType, custom),
    });
  }
  return { objects, filterLimits: { ...FILTER_LIMITS } };
}

/** One level of the GB/T 2260 cascade: provinces, or the children of a province or city. */
export function listRegions(parent: string | undefined): { data: RegionOption[] } {
  return { data: regionChildren(parent) };
}
