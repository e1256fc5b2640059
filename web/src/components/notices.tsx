import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

type Notify = (kind: Notice['kind'], text: string) => void;

const NoticeContext = createContext<Notify>(() => undefined);

/**
 * Short messages after an action: what was done, or why the server refused it. Errors stay until dismissed;
 * the rest fade after a few seconds. Screen readers hear both (live regions).
 */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = nextId.current++;
      setNotices((all) => [...all.slice(-3), { id, kind, text }]);
      if (kind === 'info') setTimeout(() => dismiss(id), 5000);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      <div className="notices" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            <span>{n.text}</span>
            <button type="button" className="notice-close" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NoticeContext);
}
