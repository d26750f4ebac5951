/** Massive deployment packages: code and layers so large that INIT is slow. */
import type { Finding, Report } from '../../report/types.js';
import type { Thresholds } from './config.js';
import { mb, ms } from './util.js';

export function largeDeploymentPackage(report: Report, thresholds: Thresholds): Finding | null {
  const t = thresholds['large-deployment-package'];
  if (!t.enabled) return null;
  const fn = report.function;
  const code = fn.codeSizeBytes ?? null;
  if (code == null) return null;
  const layers = fn.layers ?? [];
  const layerBytes = layers.reduce((s, l) => s + (l.codeSizeBytes ?? 0), 0);
  const totalBytes = code + layerBytes;
  if (totalBytes <= 0 || totalBytes < t.maxPackageMb * 2 ** 20) return null;
  const init = report.durations.init;
  if (init.p50 == null || init.p50 < t.slowInitP50Ms) return null;
  const layerText = layers.length ? ` + ${layers.length} layer${layers.length === 1 ? '' : 's'} of ${mb(layerBytes)}` : '';
  return {
    id: 'large-deployment-package',
    severity: 'medium',
    title: 'A large deployment package slows cold starts',
    evidence: `Code ${mb(code)}${layerText} = ${mb(totalBytes)} (over ${t.maxPackageMb} MB) with INIT p50 ${ms(init.p50)}${init.p99 != null ? ` and p99 ${ms(init.p99)}` : ''}.`,
    recommendation:
      'Trim the package: bundle and tree-shake (esbuild, webpack), drop dev dependencies and unused SDKs, load large assets lazily or from S3/EFS, and move shared dependencies into a layer only when several functions use them (layers do not make INIT faster).',
    monthlyUsd: null,
  };
}
