/** The dashboard's views, in tab order. Number keys 1-8 jump to them. */
export const VIEWS = [
  { id: 'overview', label: 'Overview', short: 'Overview' },
  { id: 'cold', label: 'Cold starts', short: 'Cold' },
  { id: 'errors', label: 'Errors & timeouts', short: 'Errors' },
  { id: 'throttles', label: 'Throttles', short: 'Throttles' },
  { id: 'retries', label: 'Retries & DLQ', short: 'Retries' },
  { id: 'cost', label: 'Cost', short: 'Cost' },
  { id: 'traces', label: 'Traces', short: 'Traces' },
  { id: 'findings', label: 'Findings', short: 'Findings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function viewIndex(id: ViewId): number {
  return VIEWS.findIndex((v) => v.id === id);
}

export function viewAt(index: number): ViewId {
  const n = VIEWS.length;
  const i = ((index % n) + n) % n;
  return (VIEWS[i] ?? VIEWS[0]).id;
}

export function nextView(id: ViewId, step: 1 | -1): ViewId {
  return viewAt(viewIndex(id) + step);
}
