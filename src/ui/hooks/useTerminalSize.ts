import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

function read(stdout: NodeJS.WriteStream, fallback: TerminalSize): TerminalSize {
  return {
    columns: stdout.columns > 0 ? stdout.columns : fallback.columns,
    rows: stdout.rows > 0 ? stdout.rows : fallback.rows,
  };
}

/** The terminal's size, updated on every 'resize' of ink's stdout. */
export function useTerminalSize(fallback: TerminalSize = { columns: 80, rows: 24 }): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout, fallback));
  useEffect(() => {
    const onResize = () => setSize(read(stdout, fallback));
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
    // fallback is a constant in practice; re-subscribing on its identity would only churn.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}
