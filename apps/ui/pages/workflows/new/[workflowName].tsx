import { useRouter } from 'next/router';
import { WfoStartProcessPage } from '@orchestrator-ui/orchestrator-ui-components';

export default function StartWorkflow() {
  const { workflowName } = useRouter().query;
  return typeof workflowName === 'string' ? <WfoStartProcessPage processName={workflowName} /> : null;
}
