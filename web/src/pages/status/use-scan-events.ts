import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client';
import type { Scan } from '../../api/types';

/**
 * A scan, kept up to date by its event stream (one `data: <Scan>` per change) while it runs. The stream writes
 * into the query cache, so every view of the scan shows the same numbers.
 */
export function useScan(scanId: string | null) {
  const client = useQueryClient();
  const key = ['admin', 'scan', scanId];
  const scan = useQuery({ queryKey: key, queryFn: () => api.scan(scanId!), enabled: scanId !== null });
  const running = scan.data?.state === 'running';

  useEffect(() => {
    if (scanId === null || !running) return;
    const source = new EventSource(api.scanEventsUrl(scanId));
    source.onmessage = (event: MessageEvent<string>) => {
      const next = JSON.parse(event.data) as Scan;
      client.setQueryData(['admin', 'scan', scanId], next);
      if (next.state !== 'running') {
        source.close();
        void client.invalidateQueries({ queryKey: ['admin'] });
        void Promise.all(['people', 'faces', 'photos', 'review'].map((k) => client.invalidateQueries({ queryKey: [k] })));
      }
    };
    // The stream ends when the scan does; fetch the final state once instead of reconnecting.
    source.onerror = () => {
      source.close();
      void client.invalidateQueries({ queryKey: ['admin', 'scan', scanId] });
    };
    return () => source.close();
  }, [client, scanId, running]);

  return scan;
}
