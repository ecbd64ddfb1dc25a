// OpenTera's form documents (`opentera/forms/TeraForm.py`): what its clients (OpenTeraPlus, the web portal)
// build their editors from, so the shape and the item ids are part of the API. The rendering rules are
// OpenTera's: `_order` counts from 1 for sections and for the items of each section; `required` only when
// true, `values` only when non-empty, `default` only when truthy, `condition` only when set (with `hook`
// only when set); options are merged into the item as top-level keys (after `default`, so an option named
// `default` wins, as `session_duration`'s 0 does).

export type ItemType =
  | 'hidden'
  | 'text'
  | 'boolean'
  | 'array'
  | 'password'
  | 'datetime'
  | 'longtext'
  | 'label'
  | 'longlabel'
  | 'numeric'
  | 'color'
  | 'duration'
  | 'json'
  | 'videoinputs'
  | 'audioinputs';

export interface FormValue {
  id: number | string;
  /** Null where the named row has no name (a name erased with its subject's personal data). */
  value: string | null;
}

export interface FormCondition {
  item: string;
  op: string;
  condition: unknown;
  hook?: string;
}

export interface FormItem {
  id: string;
  label: string;
  type: ItemType;
  required?: boolean;
  values?: readonly FormValue[];
  default?: unknown;
  condition?: FormCondition;
  options?: Record<string, unknown>;
}

export interface FormSection {
  id: string;
  label: string;
  items: readonly FormItem[];
}

export interface ItemJson {
  id: string;
  label: string;
  type: ItemType;
  _order: number;
  [key: string]: unknown;
}

export interface SectionJson {
  id: string;
  label: string;
  _order: number;
  items: ItemJson[];
}

export interface FormJson {
  objecttype: string;
  sections: SectionJson[];
}

/** Translates one of OpenTera's msgids (labels and value names) into the requester's language. */
export type Translate = (msgid: string) => string;

function itemJson(item: FormItem, order: number): ItemJson {
  const json: ItemJson = { id: item.id, label: item.label, type: item.type, _order: order };
  if (item.required) json.required = true;
  if (item.values && item.values.length > 0) json.values = item.values.map((v) => ({ id: v.id, value: v.value }));
  if (item.default) json.default = item.default;
  if (item.condition) {
    const { item: other, op, condition, hook } = item.condition;
    json.condition = { item: other, op, condition, ...(hook ? { hook } : {}) };
  }
  return { ...json, ...item.options };
}

export function formJson(objecttype: string, sections: readonly FormSection[]): FormJson {
  return {
    objecttype,
    sections: sections.map((section, s) => ({
      id: section.id,
      label: section.label,
      _order: s + 1,
      items: section.items.map((item, i) => itemJson(item, i + 1)),
    })),
  };
}

/** An item; `flags` holds what OpenTera's `TeraFormItem` takes after the type. */
export function item(id: string, label: string, type: ItemType, flags: Omit<FormItem, 'id' | 'label' | 'type'> = {}): FormItem {
  return { id, label, type, ...flags };
}

/** Rows of a read-model list as form values. */
export function valuesOf<T>(rows: readonly T[], id: (row: T) => number, name: (row: T) => string | null): FormValue[] {
  return rows.map((row) => ({ id: id(row), value: name(row) }));
}
