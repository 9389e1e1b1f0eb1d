/**
 * Pure helpers of the components checklist (ComponentsChecklist.tsx): distinct components grouped by the
 * catalogue's cases, the initial rows (none ticked) and the components to send. No React here, so the API
 * tests run them on the real catalogue records.
 */
import type { ComponentInput } from './api.ts';

export interface CatalogueComponent {
  name: string;
  case?: string | null;
}

export interface ComponentGroup {
  key: string;
  /** the case heading; null = components not tied to a case */
  title: string | null;
  /** indexes into `distinct` */
  items: number[];
}

export interface ComponentGroups {
  /** the distinct component names, first spelling kept */
  distinct: string[];
  groups: ComponentGroup[];
}

export type ChecklistRow = ComponentInput & { received: boolean };

/** The merging key of a component name: NFC, spacing collapsed, lower case, no final full stop / colon. */
export const componentKey = (name: string) =>
  name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:;,\s]+$/u, '')
    .toLocaleLowerCase('vi');

/** Distinct components and their groups by case (see the file's comment). Pure. */
export function groupComponents(list: readonly CatalogueComponent[]): ComponentGroups {
  const distinct: string[] = [];
  const indexOf = new Map<string, number>();
  const groups: ComponentGroup[] = [];
  const groupOf = new Map<string, ComponentGroup>();
  for (const c of list) {
    const name = c.name.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!name) continue;
    const k = componentKey(name);
    let i = indexOf.get(k);
    if (i === undefined) {
      i = distinct.length;
      distinct.push(name);
      indexOf.set(k, i);
    }
    const title = c.case?.normalize('NFC').trim() || null;
    const gk = title ?? '';
    let g = groupOf.get(gk);
    if (!g) {
      g = { key: `g${groups.length}`, title, items: [] };
      groupOf.set(gk, g);
      groups.push(g);
    }
    if (!g.items.includes(i)) g.items.push(i);
  }
  return { distinct, groups };
}

/** The form's initial rows: one per distinct component, none received. */
export const initialComponents = (g: ComponentGroups): ChecklistRow[] =>
  g.distinct.map((name) => ({ name, original: false, count: 1, received: false }));

/** The components to send: the ticked rows, `{ name, original, count }`, in the checklist's order. */
export const receivedComponents = (rows: readonly ChecklistRow[] | undefined): ComponentInput[] =>
  (rows ?? [])
    .filter((c) => c.received)
    .map((c) => ({ name: c.name, original: !!c.original, count: c.count || 1 }));

/** Whether the form's rows are already the checklist of these groups (same names in the same order). */
export const sameRows = (rows: readonly ChecklistRow[] | undefined, g: ComponentGroups): boolean =>
  !!rows && rows.length === g.distinct.length && rows.every((r, i) => r?.name === g.distinct[i]);
