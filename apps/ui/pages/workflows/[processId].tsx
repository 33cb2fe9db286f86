import { useRouter } from 'next/router';
import { WfoProcessDetailPage } from '@orchestrator-ui/orchestrator-ui-components';

export default function ProcessDetail() {
  const { processId } = useRouter().query;
  return typeof processId === 'string' ? <WfoProcessDetailPage processId={processId} /> : null;
}
