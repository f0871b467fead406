import type { SuiteConfig } from '../schema/suite-schema.js';
import type { Suite } from './suite.js';

/** A suite's `traffic:` as the Suite holds it (both layouts). */
export function trafficOf(
  traffic: NonNullable<SuiteConfig['traffic']>,
): Pick<Suite, 'requestsPerDay' | 'peakFactor' | 'peakRequestsPerSecond'> {
  return {
    requestsPerDay: traffic.requestsPerDay,
    ...(traffic.peakFactor !== undefined ? { peakFactor: traffic.peakFactor } : {}),
    ...(traffic.peakRequestsPerSecond !== undefined
      ? { peakRequestsPerSecond: traffic.peakRequestsPerSecond }
      : {}),
  };
}
