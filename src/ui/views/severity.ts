import type { Finding } from '../../report/types.js';
import type { Tone } from '../theme.js';

export const SEVERITY_LABEL: Record<Finding['severity'], string> = {
  critical: 'CRIT',
  high: 'HIGH',
  medium: 'MED',
  low: 'LOW',
  info: 'INFO',
};

export const SEVERITY_TONE: Record<Finding['severity'], Tone> = {
  critical: 'critical',
  high: 'bad',
  medium: 'warn',
  low: 'accent',
  info: 'muted',
};
