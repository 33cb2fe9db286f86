import { planOf, type Workflow } from '@wfo/engine';

/** The job name shown in the Bull dashboard: `<workflow key> › <step name>`. */
export function stepJobName(workflow: Workflow, position: number): string {
  const entry = planOf(workflow).entries[position];
  return `${workflow.key} › ${entry ? entry.step.name : 'end'}`;
}
