import { useRouter } from 'next/router';
import { WfoStartProcessPage } from '@orchestrator-ui/orchestrator-ui-components';

export default function StartTask() {
  const { taskName } = useRouter().query;
  return typeof taskName === 'string' ? <WfoStartProcessPage processName={taskName} isTask /> : null;
}
