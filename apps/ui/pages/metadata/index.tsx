import { useEffect } from 'react';
import { useRouter } from 'next/router';

/** The metadata section opens on its products tab. */
export default function MetadataIndex() {
  const router = useRouter();
  useEffect(() => {
    void router.replace('/metadata/products');
  }, [router]);
  return null;
}
