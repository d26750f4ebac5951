import { useEffect, useState } from 'react';

/** Milliseconds since `since`, ticking every `everyMs` while `active`. */
export function useElapsed(since: number, active: boolean, everyMs = 1000, now: () => number = Date.now): number {
  const [t, setT] = useState(() => now());
  useEffect(() => {
    setT(now());
    if (!active) return undefined;
    const id = setInterval(() => setT(now()), everyMs);
    return () => clearInterval(id);
  }, [since, active, everyMs, now]);
  return Math.max(0, t - since);
}
