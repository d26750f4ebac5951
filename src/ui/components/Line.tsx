import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

/** One terminal line: never wraps, cut at the container's width. */
export function Line({ children }: { children?: ReactNode }) {
  return <Text wrap="truncate-end">{children ?? ' '}</Text>;
}

export function Blank() {
  return <Text> </Text>;
}

/** A fixed-size block that clips what does not fit, so a view can never push the footer off screen. */
export function Clip({ width, height, children }: { width: number; height: number; children?: ReactNode }) {
  return (
    <Box flexDirection="column" width={width} height={Math.max(0, height)} overflow="hidden">
      {/* The inner box keeps its natural height (no flex shrinking of lines); the outer one clips the bottom. */}
      <Box flexDirection="column" width={width} flexShrink={0}>
        {children}
      </Box>
    </Box>
  );
}
