import type { Lifecycle } from '../lifecycle';
import { BlockInstance } from './block-instance';
import type { SubscriptionModel } from './subscription-model';

/** A model that does not fit the lifecycle it is being saved or converted to; the message names every problem. */
export class SubscriptionValidationError extends Error {
  override readonly name = 'SubscriptionValidationError';
  constructor(
    readonly subscriptionId: string,
    readonly lifecycle: Lifecycle,
    readonly problems: readonly string[],
  ) {
    super(`Subscription ${subscriptionId} is not valid for status '${lifecycle}': ${problems.join('; ')}`);
  }
}

/**
 * Every problem of the model for `lifecycle`: fields and blocks its declarations require then (by path, e.g.
 * `node.ports[1].port_name`), list cardinalities, and values that do not match their field's zod type. Instances
 * owned by other subscriptions are theirs to validate.
 */
export function modelProblems(model: SubscriptionModel, lifecycle: Lifecycle): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(model.definition.root)) {
    const root = model[key];
    if (!(root instanceof BlockInstance)) {
      problems.push(`${key} is missing`);
      continue;
    }
    blockProblems(root, key, lifecycle, model.subscription_id, problems);
  }
  return problems;
}

function blockProblems(
  instance: BlockInstance,
  path: string,
  lifecycle: Lifecycle,
  owner: string,
  problems: string[],
): void {
  if (instance.owner_subscription_id !== null && instance.owner_subscription_id !== owner) return;
  const def = instance.definition;
  const required = new Set(def.requiredIn[lifecycle] ?? []);
  for (const [key, schema] of Object.entries(def.fields)) {
    const value = instance[key];
    const absent = value === null || value === undefined;
    if (absent) {
      if (required.has(key)) problems.push(`${path}.${key} is required`);
      continue;
    }
    const checked = schema.safeParse(value);
    if (!checked.success) problems.push(`${path}.${key}: ${checked.error.issues.map((i) => i.message).join(', ')}`);
  }
  for (const [key, nested] of Object.entries(def.blocks)) {
    const value = instance[key];
    const childPath = `${path}.${key}`;
    if (nested.kind === 'many') {
      const items = Array.isArray(value) ? value : [];
      if (value !== undefined && value !== null && !Array.isArray(value))
        problems.push(`${childPath} must be a list of ${nested.block.name}`);
      if (required.has(key) && items.length < Math.max(nested.min, 1)) {
        problems.push(`${childPath} needs at least ${Math.max(nested.min, 1)} ${nested.block.name}`);
      }
      if (nested.max !== undefined && items.length > nested.max)
        problems.push(`${childPath} allows at most ${nested.max} ${nested.block.name}`);
      items.forEach((item: unknown, i) => {
        if (item instanceof BlockInstance && item.name === nested.block.name)
          blockProblems(item, `${childPath}[${i}]`, lifecycle, owner, problems);
        else problems.push(`${childPath}[${i}] is not a ${nested.block.name}`);
      });
      continue;
    }
    const blockName = nested.kind === 'optional' ? nested.block.name : nested.name;
    if (value === null || value === undefined) {
      if (required.has(key) || nested.kind === 'block') problems.push(`${childPath} is required`);
      continue;
    }
    if (!(value instanceof BlockInstance) || value.name !== blockName) {
      problems.push(`${childPath} is not a ${blockName}`);
      continue;
    }
    blockProblems(value, childPath, lifecycle, owner, problems);
  }
}

/** Throws {@link SubscriptionValidationError} unless the model is valid for `lifecycle`. */
export function assertValidFor(model: SubscriptionModel, lifecycle: Lifecycle): void {
  const problems = modelProblems(model, lifecycle);
  if (problems.length > 0) throw new SubscriptionValidationError(model.subscription_id, lifecycle, problems);
}
