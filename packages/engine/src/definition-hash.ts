import { planOf } from './plan';
import type { StepList } from './step-list';
import type { Workflow } from './workflow';

const hashes = new WeakMap<Workflow, string>();

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * A short fingerprint of a workflow's step list (names, kinds and step-group layout: what decides where a process
 * stands), written into each step row's `commit_hash` so a process's detail shows which definition ran each step.
 * Two deploys with the same steps share the hash; code changes inside a step do not change it (they cannot
 * misplace a process). FNV-1a 64, not a cryptographic hash: it identifies, it does not protect.
 */
function branchLayout(list: StepList): unknown[] {
  return list.steps.map((s) => [s.kind, s.name, s.group?.steps.map((sub) => [sub.kind, sub.name]) ?? null]);
}

export function definitionHash(workflow: Workflow): string {
  const cached = hashes.get(workflow);
  if (cached) return cached;
  const layout = planOf(workflow).entries.map((e) => {
    const entry = [e.top, e.step.kind, e.group?.step.name ?? null, e.step.name];
    // A parallel step's branches are part of its layout (appended only there: other workflows keep their hashes).
    return e.step.parallel ? [...entry, e.step.parallel.branches.map((b) => [b.name, branchLayout(b.steps)])] : entry;
  });
  const text = JSON.stringify([workflow.key, layout]);
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  const hex = hash.toString(16).padStart(16, '0');
  hashes.set(workflow, hex);
  return hex;
}
